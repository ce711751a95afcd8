// Each pull iteration makes the error map, then reaches the write through
// goroutines and four levels of unexported calls on the same receiver:
// every call of newError comes after the make.

package puller

import (
	"errors"
	"sync"
)

type folder struct {
	mu     sync.Mutex
	files  []string
	errors map[string]string
}

func newFolder(files []string) *folder { return &folder{files: files} }

// Pull runs one iteration and returns the errors it collected.
func (f *folder) Pull() map[string]string {
	f.iteration()
	f.mu.Lock()
	defer f.mu.Unlock()
	errs := f.errors
	f.errors = nil
	return errs
}

func (f *folder) iteration() {
	f.mu.Lock()
	f.errors = make(map[string]string)
	f.mu.Unlock()

	in := make(chan string)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.finisher(in)
		}()
	}
	f.processNeeded(in)
	close(in)
	wg.Wait()
}

func (f *folder) processNeeded(out chan<- string) {
	for _, name := range f.files {
		if name == "" {
			f.newError(name, errors.New("empty name"))
			continue
		}
		f.handle(name, out)
	}
}

func (f *folder) handle(name string, out chan<- string) {
	if len(name) > 255 {
		f.handleLong(name)
		return
	}
	out <- name
}

func (f *folder) handleLong(name string) {
	if err := f.checkParent(name); err != nil {
		f.newError(name, err)
	}
}

func (f *folder) checkParent(name string) error {
	if name[0] == '/' {
		f.newError(name, errors.New("absolute"))
	}
	return nil
}

func (f *folder) finisher(in <-chan string) {
	for name := range in {
		if name == "." {
			f.newError(name, errors.New("dot"))
		}
	}
}

func (f *folder) newError(path string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.errors[path]; ok {
		return
	}
	f.errors[path] = err.Error()
}

var _ = newFolder
