package p

type Index struct {
	byName map[string]int
}

func NewIndex() *Index {
	return &Index{byName: map[string]int{}}
}

// Resolve may be called concurrently: by the Go convention a method so
// documented is called from several goroutines at once.
func (x *Index) Resolve(name string) int {
	if id, ok := x.byName[name]; ok {
		return id
	}
	id := len(name)
	x.byName[name] = id // want "concurrent write to map x.byName"
	return id
}
