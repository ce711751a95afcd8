package golden

import "maps"

var registry = map[string]int{}

// withParam copies a parameter nothing proves nil: callers may pass a map.
func withParam(src map[string]int) map[string]int {
	out := maps.Clone(src)
	if out == nil {
		out = map[string]int{}
	}
	out["x"] = 1
	return out
}

// madeFirst copies a map made on every path.
func madeFirst(flag bool) map[string]int {
	var base map[string]int
	if flag {
		base = map[string]int{"a": 1}
	} else {
		base = make(map[string]int)
	}
	out := maps.Clone(base)
	out["b"] = 2
	return out
}

// guarded checks the copy before writing.
func guarded() map[string]int {
	var base map[string]int
	out := maps.Clone(base)
	if out == nil {
		out = make(map[string]int)
	}
	out["c"] = 3
	return out
}

// fromRegistry copies a package map made at its declaration.
func fromRegistry() map[string]int {
	out := maps.Clone(registry)
	out["d"] = 4
	return out
}

type cloner struct{}

func (cloner) Clone(m map[string]int) map[string]int { return map[string]int{} }

// shadowed calls a Clone that is not the maps package's.
func shadowed() map[string]int {
	var maps cloner
	var base map[string]int
	out := maps.Clone(base)
	out["e"] = 5
	return out
}
