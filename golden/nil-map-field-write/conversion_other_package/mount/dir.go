package mount

import "example.com/conversionother/fs"

// Compile-time checks: the literals are converted to interface types of
// package fs (which this package names nowhere else) and discarded.
var (
	_ = fs.Lookuper(&dir{})
	_ = fs.Forgetter(&dir{})
)

type dir struct {
	nodes map[string]int
}

func newDir() *dir {
	return &dir{nodes: map[string]int{}}
}

func (d *dir) Lookup(name string) (any, error) {
	d.nodes[name]++
	return d, nil
}

func (d *dir) Forget() {}

// Root builds the root directory the only way production code does.
func Root() fs.Lookuper {
	return newDir()
}
