package tracker

// The key is set non-empty only beside the cache's make, and reset to ""
// beside a nil cache: a non-empty key says the cache was made.
type Tracker struct {
	key   string
	cache map[int]bool
	other map[int]bool
	name  string
}

func NewTracker() *Tracker {
	return &Tracker{}
}

func (t *Tracker) Track(key string) {
	t.key = key
	t.cache = make(map[int]bool)
}

func (t *Tracker) Untrack() {
	t.key = ""
	t.cache = nil
}

func (t *Tracker) Seen(i int) {
	if len(t.key) > 0 {
		t.cache[i] = true
	}
}

// Near miss: Rename sets name to a value that is not zero without making
// other, so a non-empty name proves nothing.
func (t *Tracker) Follow(name string) {
	t.name = name
	t.other = make(map[int]bool)
}

func (t *Tracker) Rename(name string) {
	t.name = name + "-renamed"
}

func (t *Tracker) Mark(i int) {
	if t.name != "" {
		t.other[i] = true // want "write to nil map field t.other: the Tracker literal in NewTracker omits other"
	}
}
