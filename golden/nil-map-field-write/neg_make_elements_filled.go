package p

// make([]T, n) leaves every element's map nil, and the loop right after it
// makes the map of every element before the slice is used.

type bucket struct {
	files map[string]int
}

type writer struct {
	buckets []bucket
}

func newWriter() *writer {
	buckets := make([]bucket, 64)
	for b := range buckets {
		buckets[b].files = make(map[string]int)
	}
	return &writer{buckets: buckets}
}

func (w *writer) add(name string) {
	b := &w.buckets[len(name)%len(w.buckets)]
	b.files[name]++
}

// The same with a counted loop over the length make was given.
type shelf struct {
	items map[string]int
}

func newShelves(n int) []shelf {
	shelves := make([]shelf, n)
	for i := 0; i < n; i++ {
		shelves[i].items = map[string]int{}
	}
	return shelves
}

func stock(shelves []shelf, k string) {
	shelves[0].items[k]++
}
