package p

import (
	"sync"
	"testing"
)

// Near miss: the subtest hands its fake to goroutines that read it, then
// fills it while they may still run.
type fakeCache struct {
	items map[string]int
}

func (f *fakeCache) put(k string, v int) {
	f.items[k] = v // want "concurrent write to map f.items"
}

func (f *fakeCache) get(k string) int {
	return f.items[k]
}

func readAll(f *fakeCache, keys []string, wg *sync.WaitGroup) {
	for _, k := range keys {
		wg.Go(func() {
			_ = f.get(k)
		})
	}
}

func TestCache(t *testing.T) {
	t.Run("late fill", func(t *testing.T) {
		f := &fakeCache{items: map[string]int{}}
		var wg sync.WaitGroup
		readAll(f, []string{"a"}, &wg)
		f.put("a", 1)
		wg.Wait()
	})
}
