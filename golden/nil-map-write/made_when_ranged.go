package p

// The body of a range over src runs only when src is not empty, which is
// when dst was made.
func copyOf(src map[string]int) map[string]int {
	var dst map[string]int
	if len(src) > 0 {
		dst = make(map[string]int, len(src))
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}

// Near miss: the make depends on another collection than the one ranged over.
func merge(src, extra map[string]int) map[string]int {
	var dst map[string]int
	if len(extra) > 0 {
		dst = make(map[string]int, len(extra))
	}
	for k, v := range src {
		dst[k] = v // want `write to map dst that may be nil: dst is made only on some paths`
	}
	return dst
}
