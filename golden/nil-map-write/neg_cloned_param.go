package golden

import "maps"

// merged's callers pass made maps only: a parameter is not nil for being one.
func merged(extra map[string]int) map[string]int {
	out := maps.Clone(extra)
	out["a"] = 1
	return out
}

func useMerged() map[string]int {
	return merged(map[string]int{"b": 2})
}

// checked is passed nil, but turns nil away before the copy.
func checked(extra map[string]int) map[string]int {
	if extra == nil {
		return map[string]int{"a": 1}
	}
	out := maps.Clone(extra)
	out["a"] = 1
	return out
}

// guardedCopy is passed nil, and makes the copy when it is nil.
func guardedCopy(extra map[string]int) map[string]int {
	out := maps.Clone(extra)
	if out == nil {
		out = make(map[string]int)
	}
	out["a"] = 1
	return out
}

// other has a parameter of the same name in another position.
func other(n int, extra map[string]int) map[string]int {
	out := maps.Clone(extra)
	out["n"] = n
	return out
}

func useAll() {
	checked(nil)
	guardedCopy(nil)
	other(0, map[string]int{})
	_ = func(extra map[string]int) {}
}
