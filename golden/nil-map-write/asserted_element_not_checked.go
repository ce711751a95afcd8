package routes

import "log"

// SetWeight asserts route["route"] but only logs a failure: the write runs
// with the nil map when no kind matched.
func SetWeight(kind string, http []any, i int, weight float64) {
	var route map[string]any
	if kind == "http" {
		route, _ = http[i].(map[string]any)
	}
	destinations, ok := route["route"].([]any)
	if !ok {
		log.Print("no route")
	}
	route["route"] = append(destinations, weight) // want "write to map route that may be nil"
}
