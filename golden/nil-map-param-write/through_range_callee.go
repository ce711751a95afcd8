package labels

// fill writes into counts and returns it.
func fill(counts map[string]int) map[string]int {
	counts["seen"]++
	return counts
}

// total ranges over what fill returns: the range expression runs once,
// before the first round, so fill writes into counts there.
func total(counts map[string]int) int {
	sum := 0
	for _, n := range fill(counts) {
		sum += n
	}
	return sum
}

// totalSafe makes counts when nil before the range.
func totalSafe(counts map[string]int) int {
	if counts == nil {
		counts = map[string]int{}
	}
	sum := 0
	for _, n := range fill(counts) {
		sum += n
	}
	return sum
}

// Total passes a map that is nil on every path.
func Total() int {
	var counts map[string]int
	return total(counts) // want `counts is nil when passed to total, which writes into its parameter counts`
}

// TotalSafe passes nil to the function that makes it.
func TotalSafe() int {
	var counts map[string]int
	return totalSafe(counts)
}
