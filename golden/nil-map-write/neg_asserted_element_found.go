package routes

import "errors"

var errCast = errors.New("unexpected type")

// SetWeight patches the route picked by kind. route is made only on the
// arms that match a kind, but the assertion on route["route"] succeeds only
// when that key holds a []any: a nil map holds no key, and a missing key
// gives a nil interface, which no assertion matches. Past the `return`,
// route is non-nil.
func SetWeight(kind string, http, tcp []any, i int, weight float64) error {
	var route map[string]any
	found := false
	if kind == "http" {
		route, found = http[i].(map[string]any)
	} else if kind == "tcp" {
		route, found = tcp[i].(map[string]any)
	}
	if !found {
		return errCast
	}
	destinations, ok := route["route"].([]any)
	if !ok {
		return errCast
	}
	route["route"] = append(destinations, weight)
	return nil
}

// Rename does the same with the check in the if statement.
func Rename(kind string, http []any, i int, name string) {
	var route map[string]any
	if kind == "http" {
		route, _ = http[i].(map[string]any)
	}
	if old, ok := route["name"].(string); ok {
		route["name"] = old + "/" + name
	}
}
