package labels

// collect writes names only when the caller passed a map: the check is kept
// in a bool computed from the parameter itself.
func collect(names map[string]struct{}, name string) bool {
	global := names != nil
	if global {
		names[name] = struct{}{}
	}
	return global
}

// collectLen keeps len(names) > 0 in a bool: true only for a non-nil map.
func collectLen(names map[string]int, name string) {
	seen := len(names) > 0
	if !seen {
		return
	}
	names[name]++
}

func callers() {
	collect(nil, "a")
	collectLen(nil, "b")
}
