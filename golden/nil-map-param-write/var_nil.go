package labels

func fill(counts map[string]int, words []string) {
	for _, w := range words {
		counts[w]++
	}
}

func Count(words []string) map[string]int {
	var counts map[string]int
	fill(counts, words) // want `counts is nil when passed to fill, which writes into its parameter counts`
	return counts
}
