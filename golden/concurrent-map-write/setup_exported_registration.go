package p

import (
	"fmt"
	"net/http"
)

// An exported registration method that nothing in the package calls can be
// called by its users while the server serves: not proven setup.
type Mux struct {
	routes map[string]string
}

func (m *Mux) AddRoute(path, name string) {
	m.routes[path] = name // want "concurrent write to map m.routes"
}

func (m *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, m.routes[r.URL.Path])
}
