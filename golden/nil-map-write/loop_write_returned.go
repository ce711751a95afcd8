package golden

// count returns the map: nil (no words) and empty differ for the caller, so the
// safe fix is a lazy guard.
func count(words []string) map[string]int {
	var counts map[string]int
	for _, w := range words {
		counts[w]++ // want "write to nil map counts"
	}
	return counts
}
