package golden

import "net/http"

// Labels is a named map type.
type Labels map[string]string

func selector(app string) Labels {
	var l Labels
	l["app"] = app // want "write to nil map l"
	return l
}

func header(v string) http.Header {
	var h http.Header
	h["X-Trace"] = []string{v} // want "write to nil map h"
	return h
}
