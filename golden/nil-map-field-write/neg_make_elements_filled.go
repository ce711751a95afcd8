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
