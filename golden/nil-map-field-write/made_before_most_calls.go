// Each pull iteration makes the error map before the calls that reach the
// write, but retry calls handleLong on its own, without the make.

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

// Pull runs one iteration.
func (f *folder) Pull() {
	f.iteration()
}

// Retry handles one long name again.
func (f *folder) Retry(name string) {
	f.retry(name)
}

func (f *folder) iteration() {
	f.errors = make(map[string]string)
	for _, name := range f.files {
		f.processNeeded(name)
	}
}

func (f *folder) processNeeded(name string) {
	if len(name) > 255 {
		f.handle(name)
	}
}

func (f *folder) handle(name string) {
	f.handleLong(name)
}

func (f *folder) retry(name string) {
	f.handleLong(name)
}

func (f *folder) handleLong(name string) {
	if err := f.checkParent(name); err != nil {
		f.newError(name, err)
	}
}

func (f *folder) checkParent(name string) error {
	if name[0] == '/' {
		return errors.New("absolute")
	}
	return nil
}

func (f *folder) newError(path string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors[path] = err.Error() // want "write to nil map field f.errors: the folder literal in newFolder omits errors"
}

var _ = newFolder
