package golden

// Graph keeps edges for every node added with AddNode.
type Graph struct {
	edges map[string]map[string]bool
}

// AddNode makes the inner map of a node.
func (g *Graph) AddNode(n string) {
	if g.edges == nil {
		g.edges = make(map[string]map[string]bool)
	}
	g.edges[n] = map[string]bool{}
}

// AddEdge relies on AddNode having run for from.
func (g *Graph) AddEdge(from, to string) {
	g.edges[from][to] = true
}
