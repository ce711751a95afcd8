package golden

// rows declares the map inside the loop body: nil at every iteration.
func rows(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		var row map[int]int
		row[i] = i // want "write to nil map row"
		out = append(out, len(row))
	}
	return out
}
