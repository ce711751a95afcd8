package golden

import "strings"

func newIndex() map[string][]string {
	return make(map[string][]string)
}

// build assigns the map from calls: unknown results count as made.
func build(words []string) map[string][]string {
	var idx map[string][]string
	idx = newIndex()
	for _, w := range words {
		idx[strings.ToLower(w)] = append(idx[strings.ToLower(w)], w)
	}
	return idx
}
