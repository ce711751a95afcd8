package linker

// linkCtxt is built without its map on a path that reaches the write
// through a method called on the receiver.
type linkCtxt struct {
	name  string
	types map[string]int
}

// GenerateSyms reaches define through generateSyms.
func GenerateSyms(name string) int {
	d := &linkCtxt{name: name}
	d.generateSyms()
	return len(d.types)
}

func (d *linkCtxt) generateSyms() {
	d.define(d.name)
}

func (d *linkCtxt) define(name string) {
	d.types[name] = len(d.types) // want "write to nil map field d.types: the linkCtxt literal in GenerateSyms omits types"
}
