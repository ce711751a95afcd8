package labels

// set writes into counts.
func set(counts map[string]int, word string) {
	counts[word]++
}

// tally passes counts on to set: it writes the map as much as set does.
func tally(counts map[string]int, words []string) {
	for _, w := range words {
		set(counts, w)
	}
}

// tallySafe returns on a nil map before passing it on.
func tallySafe(counts map[string]int, words []string) {
	if counts == nil {
		return
	}
	for _, w := range words {
		set(counts, w)
	}
}

// later hands counts to a closure that runs only when someone calls it.
func later(counts map[string]int) func(string) {
	return func(w string) { set(counts, w) }
}

func Count(words []string) map[string]int {
	var counts map[string]int
	tally(counts, words) // want `counts is nil when passed to tally, which writes into its parameter counts`
	return counts
}

func CountSafe(words []string) map[string]int {
	var counts map[string]int
	tallySafe(counts, words)
	_ = later(counts)
	return counts
}
