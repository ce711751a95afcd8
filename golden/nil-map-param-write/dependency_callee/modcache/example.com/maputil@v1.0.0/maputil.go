// Package maputil is a dependency whose helpers write into maps.
package maputil

// Count adds one to counts[key]: counts must be a made map.
func Count(counts map[string]int, key string) {
	counts[key]++
}

// CountOrMake makes counts when it is nil.
func CountOrMake(counts map[string]int, key string) map[string]int {
	if counts == nil {
		counts = map[string]int{}
	}
	counts[key]++
	return counts
}
