package labels

// collectOverwritten assigns the bool again before the check: it no longer
// says anything about the map.
func collectOverwritten(names map[string]struct{}, name string, force bool) {
	global := names != nil
	global = global || force
	if global {
		names[name] = struct{}{}
	}
}

// collectInverted writes on the branch where the check failed.
func collectInverted(names map[string]struct{}, name string) {
	global := names != nil
	if !global {
		names[name] = struct{}{}
	}
}

// collectOtherMap checks another map.
func collectOtherMap(names, other map[string]struct{}, name string) {
	global := other != nil
	if global {
		names[name] = struct{}{}
	}
}

func callers(other map[string]struct{}) {
	collectOverwritten(nil, "a", true) // want "nil map passed to collectOverwritten"

	collectInverted(nil, "b") // want "nil map passed to collectInverted"

	collectOtherMap(nil, other, "c") // want "nil map passed to collectOtherMap"
}
