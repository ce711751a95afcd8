package p

import (
	"io"
	"strings"
	"sync"
)

// Each goroutine builds with a builder of its own: the builders' maps are
// never shared, however many goroutines run.
type builder struct {
	w       io.Writer
	strings map[string]int
}

func newBuilder(w io.Writer) *builder {
	return &builder{w: w, strings: map[string]int{}}
}

func (b *builder) index(s string) int {
	id, ok := b.strings[s]
	if !ok {
		id = len(b.strings)
		b.strings[s] = id
	}
	return id
}

func (b *builder) build(words []string) {
	for _, w := range words {
		b.index(w)
	}
}

func writeAll(batches [][]string) {
	var wg sync.WaitGroup
	for _, words := range batches {
		wg.Add(1)
		go func(words []string) {
			defer wg.Done()
			var sb strings.Builder
			b := newBuilder(&sb)
			b.build(words)
		}(words)
	}
	wg.Wait()
}

func writeOne(words []string) int {
	var sb strings.Builder
	b := newBuilder(&sb)
	b.build(words)
	return b.index("")
}
