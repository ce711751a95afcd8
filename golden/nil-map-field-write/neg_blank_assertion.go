package generators

// Generator is implemented by every generator.
type Generator interface {
	Add(name string)
}

// The literal is assigned to the blank identifier: it only checks that the
// type implements the interface and is never written through.
var _ Generator = &countGenerator{}

type countGenerator struct {
	counts map[string]int
}

func newCountGenerator() *countGenerator {
	g := new(countGenerator)
	g.counts = make(map[string]int)
	return g
}

// Add writes to a map made by the only real construction path.
func (g *countGenerator) Add(name string) {
	g.counts[name]++
}

// Use builds a generator the way the package does.
func Use() Generator {
	g := newCountGenerator()
	g.Add("a")
	return g
}
