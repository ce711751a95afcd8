package linker

import "fmt"

// linkCtxt is built twice: once with its map for generateInfo, once
// without it for generateSyms, which never reaches the writes.
type linkCtxt struct {
	name  string
	types map[string]int
	syms  []string
}

// GenerateInfo builds the context with its map.
func GenerateInfo(name string) int {
	d := &linkCtxt{
		name:  name,
		types: make(map[string]int),
	}
	d.generateInfo()
	return len(d.types)
}

// GenerateSyms builds the context without the map: only generateSyms, the
// methods it calls through its receiver and the exported methods that fmt
// may call run on it.
func GenerateSyms(name string) []string {
	d := &linkCtxt{name: name}
	d.generateSyms()
	return d.syms
}

func (d *linkCtxt) generateInfo() {
	d.define(d.name)
	d.alias(d.name + "_alias")
}

func (d *linkCtxt) alias(name string) {
	d.define(name)
}

func (d *linkCtxt) define(name string) {
	d.types[name] = len(d.types)
}

func (d *linkCtxt) generateSyms() {
	d.appendSym(fmt.Sprint(d))
}

func (d *linkCtxt) appendSym(name string) {
	d.syms = append(d.syms, name)
}

// String names the context.
func (d *linkCtxt) String() string {
	return d.name
}
