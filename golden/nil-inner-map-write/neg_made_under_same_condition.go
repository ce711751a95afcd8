package golden

// imports makes the inner map when there is something to copy, then copies
// (cmd/api's importMap).
func imports(dir string, pkgMap map[string]string) map[string]map[string]string {
	importMap := make(map[string]map[string]string)
	if len(pkgMap) > 0 {
		importMap[dir] = make(map[string]string, len(pkgMap))
	}
	for k, v := range pkgMap {
		importMap[dir][k] = v
	}
	return importMap
}

// transpose makes the inner map of every node before writing edges
// (internal/dag's transpose).
func transpose(nodes []string, old map[string]map[string]bool) map[string]map[string]bool {
	edges := make(map[string]map[string]bool)
	for _, n := range nodes {
		edges[n] = make(map[string]bool)
	}
	for from, tos := range old {
		for to := range tos {
			edges[to][from] = true
		}
	}
	return edges
}
