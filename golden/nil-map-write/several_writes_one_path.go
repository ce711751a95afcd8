package p

import "fmt"

// Several writes on one path: one make before the first covers them all,
// so that the fix of any one finding, applied or verified alone, stops
// every panic of the path.

// Every path writes m before returning it: making it at the declaration
// cannot be told from the lazy make.
func optional(ok bool) map[string]int {
	var m map[string]int
	if ok {
		m["a"] = 1 // want "write to nil map m"
	}
	m["b"] = 2 // want "write to nil map m"
	return m
}

// Made on some paths only: one guard before the loop, none inside it.
func counted(keys []string, seed bool) map[string]int {
	var m map[string]int
	if seed {
		m = map[string]int{"seed": 1}
	}
	for _, k := range keys {
		m[k]++ // want "write to map m that may be nil"
	}
	m["total"] = len(keys) // want "write to map m that may be nil"
	return m
}

// A return between the writes: a make before the first would return a
// made map where nil was returned before, so each write keeps its guard.
func early(keys []string, seed bool) map[string]int {
	var m map[string]int
	if seed {
		m = map[string]int{"seed": 1}
	}
	if len(keys) > 0 {
		m[keys[0]] = 1 // want "write to map m that may be nil"
		if len(keys) == 1 {
			return m
		}
	}
	m["total"] = len(keys) // want "write to map m that may be nil"
	return m
}

// Whether m is nil is printed between the writes: no hoisting past it.
func observed(keys []string, seed bool) map[string]int {
	var m map[string]int
	if seed {
		m = map[string]int{"seed": 1}
	}
	if len(keys) > 0 {
		m[keys[0]] = 1 // want "write to map m that may be nil"
	}
	fmt.Println(m == nil)
	m["total"] = len(keys) // want "write to map m that may be nil"
	return m
}
