package p

import (
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Callbacks that the standard library runs before the call returns run on
// the caller's goroutine, under the locks it holds there.
type Index struct {
	mu    sync.RWMutex
	once  sync.Once
	sizes map[string]int64
	names []string
}

func (x *Index) Add(name string, size int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.sizes[name] = size
	x.names = append(x.names, name)
}

func (x *Index) Scan(root string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err == nil {
			x.sizes[path] = info.Size()
		}
		return err
	})
}

func (x *Index) ScanDir(root string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		delete(x.sizes, path)
		return err
	})
}

func (x *Index) Largest() []string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := slices.Clone(x.names)
	sort.Slice(out, func(i, j int) bool { return x.sizes[out[i]] > x.sizes[out[j]] })
	return out
}

func (x *Index) Smallest() []string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := slices.Clone(x.names)
	slices.SortFunc(out, func(a, b string) int { return int(x.sizes[a] - x.sizes[b]) })
	return out
}

func (x *Index) Upper(name string) string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return strings.Map(func(r rune) rune {
		if x.sizes[name] > 0 {
			return r - 32
		}
		return r
	}, name)
}

func (x *Index) Init() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.once.Do(func() {
		x.sizes = map[string]int64{}
		x.sizes["."] = 0
	})
}

// Each runs f for every entry, on the caller's goroutine: f is only called.
func (x *Index) each(f func(name string, size int64)) {
	for name, size := range x.sizes {
		f(name, size)
	}
}

func (x *Index) Total() int64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	var total int64
	x.each(func(name string, size int64) {
		total += size + x.sizes[name]
	})
	return total
}

func (x *Index) Reset() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.each(func(name string, _ int64) {
		delete(x.sizes, name)
	})
}

// All is a range-over-func iterator: its body runs while the caller ranges.
func (x *Index) all() iter.Seq2[string, int64] {
	return func(yield func(string, int64) bool) {
		for name, size := range x.sizes {
			if !yield(name, size) {
				return
			}
		}
	}
}

func (x *Index) Count() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	n := 0
	for name := range x.all() {
		n += len(name) + int(x.sizes[name])
	}
	x.all()(func(name string, _ int64) bool {
		n += int(x.sizes[name])
		return true
	})
	return n
}
