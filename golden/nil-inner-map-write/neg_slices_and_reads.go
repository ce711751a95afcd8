package golden

// rows writes into maps held by a slice: out of scope.
func rows(grid []map[string]int) {
	for i := range grid {
		grid[i]["seen"]++
	}
}

// reads only reads and deletes through missing inner maps: legal.
func reads(m map[string]map[string]int, a, b string) (int, int) {
	delete(m[a], b)
	return m[a][b], len(m[a])
}

// matrix writes into nested slices and arrays.
func matrix() [2][2]int {
	var x [2][2]int
	x[0][1] = 1
	s := [][]int{{1}}
	s[0][0] = 2
	return x
}
