// Package labels holds helpers that write into the maps they are given.
package labels

// Set is a named map type.
type Set map[string]string

// Merge copies src into dst: dst must be a made map.
func Merge(dst, src map[string]string) {
	for k, v := range src {
		dst[k] = v
	}
}

// Ensure makes dst when it is nil and returns it.
func Ensure(dst map[string]string, k, v string) map[string]string {
	if dst == nil {
		dst = make(map[string]string)
	}
	dst[k] = v
	return dst
}

// SetIfPresent writes only into a map it was given.
func SetIfPresent(dst map[string]string, k, v string) {
	if dst != nil {
		dst[k] = v
	}
}

// Apply writes into a map of a named type.
func Apply(dst Set, k string) {
	dst[k] = "on"
}

// merge is unexported: no other package can call it.
func merge(dst map[string]string) {
	dst["x"] = "y"
}

// Defaults calls the unexported helper with a made map.
func Defaults() map[string]string {
	m := map[string]string{}
	merge(m)
	return m
}
