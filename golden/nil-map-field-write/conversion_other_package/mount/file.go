package mount

import "example.com/conversionother/fs"

// Near miss: fs.Register is a function, which may keep its argument; the
// literal it gets is a construction path without the map.
var _ = fs.Register(&file{})

type file struct {
	attrs map[string]string
}

func newFile() *file {
	return &file{attrs: map[string]string{}}
}

func (f *file) Set(k, v string) {
	f.attrs[k] = v // want `write to nil map field f.attrs`
}

// Open builds a file with its attributes made.
func Open() *file {
	return newFile()
}
