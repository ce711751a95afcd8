// The iteration makes the error map, but the loop that reaches the write
// resets it to nil after each round: the second round writes into nil.

package puller

type folder struct {
	files  []string
	errors map[string]string
}

func newFolder(files []string) *folder { return &folder{files: files} }

// Pull runs one iteration.
func (f *folder) Pull() {
	f.iteration()
}

func (f *folder) iteration() {
	f.errors = make(map[string]string)
	f.rounds()
}

func (f *folder) rounds() {
	for _, name := range f.files {
		f.process(name)
		f.report()
		f.errors = nil
	}
}

func (f *folder) report() {}

func (f *folder) process(name string) {
	f.handle(name)
}

func (f *folder) handle(name string) {
	f.record(name)
}

func (f *folder) record(name string) {
	if name == "" {
		f.errors[name] = "empty" // want "write to nil map field f.errors: the folder literal in newFolder omits errors"
	}
}

var _ = newFolder
