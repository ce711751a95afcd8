package golden

// summarize never assigns its named result before writing into it.
func summarize(phases []string) (counts map[string]int) {
	for _, p := range phases {
		counts[p]++ // want "write to nil map counts: named result counts is never made"
	}
	return
}
