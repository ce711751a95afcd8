package routes

// Route serves a path with extra headers.
type Route struct {
	path    string
	headers map[string]string
}

// Defaults are literals of Route inside a slice literal.
func Defaults() []*Route {
	return []*Route{
		{path: "/"},
		{path: "/healthz"},
	}
}

// SetHeader writes a header.
func (r *Route) SetHeader(k, v string) {
	r.headers[k] = v // want "write to nil map field r.headers: the Route literal in Defaults omits headers"
}
