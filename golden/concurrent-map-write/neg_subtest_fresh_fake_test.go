package p

import (
	"sync"
	"testing"
)

// Each subtest makes its own fake and fills it before handing it to the
// code under test, which reads it from several goroutines: the fills happen
// before those goroutines start (earlier subtests' goroutines never had
// this fake).
type fakeStore struct {
	objects map[string]string
}

func (f *fakeStore) add(k, v string) {
	if f.objects == nil {
		f.objects = map[string]string{}
	}
	f.objects[k] = v
}

func (f *fakeStore) get(k string) string {
	return f.objects[k]
}

func fetchAll(f *fakeStore, keys []string) []string {
	out := make([]string, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Go(func() {
			out[i] = f.get(k)
		})
	}
	wg.Wait()
	return out
}

func TestFetch(t *testing.T) {
	t.Run("one", func(t *testing.T) {
		f := &fakeStore{}
		f.add("a", "1")
		fetchAll(f, []string{"a"})
	})
	t.Run("two", func(t *testing.T) {
		f := &fakeStore{}
		f.add("b", "2")
		if got := fetchAll(f, []string{"b"}); got[0] != "2" {
			t.Fatal(got)
		}
	})
}
