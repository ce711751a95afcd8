package p

// Reset replaces the map with one it made, Replace makes it when the new
// one is empty: nothing puts nil back, so making the map in the
// constructor is enough and stays the safe fix.

type Index struct {
	name  string
	items map[string]int
}

func NewIndex(name string) *Index {
	return &Index{name: name}
}

func (x *Index) Reset() {
	fresh := make(map[string]int)
	x.items = fresh
}

func (x *Index) Replace(other map[string]int) {
	x.items = other
	if len(x.items) == 0 {
		x.items = map[string]int{}
	}
}

func (x *Index) Add(k string) {
	x.items[k]++ // want "write to nil map field x.items: the Index literal in NewIndex omits items"
}
