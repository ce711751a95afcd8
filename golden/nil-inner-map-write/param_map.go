package golden

// link records an edge; the caller's map of maps may lack from.
func link(edges map[string]map[string]bool, from, to string) {
	edges[from][to] = true // want "write to inner map edges\\[from\\]"
}
