package golden

import "strings"

// the key is a call: evaluating it twice could differ, so no automatic fix.
func lower(m map[string]map[string]int, k, v string) {
	m[strings.ToLower(k)][v] = 1 // want "write to inner map m\\[strings.ToLower\\(k\\)\\]"
}
