// Package maputil merges string maps.
package maputil

// MergeMap copies src into dst: dst must be a made map.
func MergeMap(dst, src map[string]string) {
	for k, v := range src {
		dst[k] = v
	}
}

// MergeSafe returns early for a nil map.
func MergeSafe(dst, src map[string]string) {
	if dst == nil {
		return
	}
	for k, v := range src {
		dst[k] = v
	}
}
