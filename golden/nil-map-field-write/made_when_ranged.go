package store

type Tags struct {
	tags  map[string]string
	extra map[string]string
	name  string
}

func NewTags(name string) *Tags { return &Tags{name: name} }

// The body of a range over src runs only when src is not empty, which is
// when the field was made.
func (t *Tags) Set(src map[string]string) {
	if len(src) > 0 {
		t.tags = make(map[string]string, len(src))
	}
	for k, v := range src {
		t.tags[k] = v
	}
}

// Near miss: made when another collection is not empty.
func (t *Tags) Add(src, other map[string]string) {
	if len(other) > 0 {
		t.extra = make(map[string]string, len(other))
	}
	for k, v := range src {
		t.extra[k] = v // want `write to nil map field t.extra`
	}
}
