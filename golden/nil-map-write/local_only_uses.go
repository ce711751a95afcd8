package golden

// distinct only indexes, ranges and takes len of the map: making it at the
// declaration cannot be observed.
func distinct(xs []int) int {
	var seen map[int]bool
	for _, x := range xs {
		seen[x] = true // want "write to nil map seen"
	}
	n := 0
	for range seen {
		n++
	}
	return n + len(seen)
}
