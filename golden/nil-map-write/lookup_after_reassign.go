package p

import "errors"

// A key found by a comma-ok lookup proves the map non-nil, also in a later
// round of the loop, after the map was set again and the name ok was used
// for something else: the lookup is a statement of the loop body, so every
// later use of ok in that body sees it (an inner block's own ok shadows it
// only there).
func weigh(kind int, http, tls []any, routes []int) error {
	var route map[string]any
	for _, i := range routes {
		cast := false
		if kind == 0 {
			route, cast = http[i].(map[string]any)
		} else if kind == 1 {
			route, cast = tls[i].(map[string]any)
		}
		if !cast {
			return errors.New("not a map")
		}
		dests, ok := route["route"].([]any)
		if !ok {
			return errors.New("no route list")
		}
		if len(dests) > 0 {
			first, ok := dests[0].(map[string]any)
			if !ok {
				return errors.New("not a map")
			}
			first["weight"] = 1
		}
		route["route"] = dests
	}
	return nil
}

// Near miss: ok is set again from a lookup in another map before the check,
// so the check says nothing about route.
func tag(kind int, src, extra map[string]any, keys []string) error {
	for _, k := range keys {
		var route map[string]any
		if kind == 0 {
			route = src
		}
		_, ok := route[k]
		_, ok = extra[k]
		if !ok {
			return errors.New("missing")
		}
		route[k] = true // want `write to map route that may be nil: route is made only on some paths`
	}
	return nil
}

// Near miss: the check is outside the block of the lookup (a later round
// may come from the else branch, where ok is the cast's).
func pick(kind int, items []any, keys []string) {
	var m map[string]int
	ok := false
	for _, k := range keys {
		if kind == 0 {
			m, ok = items[0].(map[string]int)
		} else {
			_, ok = m[k]
		}
		if ok {
			m[k] = 1 // want `write to map m that may be nil: m is made only on some paths`
		}
	}
}
