package api

import "net/http"

// Handler runs an extension method.
type Handler func(string) string

// Executor serves RPCs from its extension table.
type Executor struct {
	ext  map[string]Handler
	hits map[string]int
}

// NewExecutor returns an executor with an empty extension table.
func NewExecutor() *Executor {
	return &Executor{ext: make(map[string]Handler), hits: make(map[string]int)}
}

// SetExtension has no caller in the module, but a file of gen that a build
// tag may add imports a module not on disk: an interface of it may name
// SetExtension and reach it through a value the module hands out.
func (e *Executor) SetExtension(method string, h Handler) {
	e.ext[method] = h // want "concurrent write to map e.ext: RPC runs on several goroutines without a lock"
}

// RPC runs on every request's goroutine.
func (e *Executor) RPC(method, params string) string {
	e.hits[method]++ // want "concurrent write to map e.hits: RPC runs on several goroutines without a lock"
	if h, ok := e.ext[method]; ok {
		return h(params)
	}
	return ""
}

// Serve answers every request with the extension it names.
func Serve(e *Executor) error {
	return http.ListenAndServe(":0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(e.RPC(r.URL.Path, r.URL.RawQuery)))
	}))
}
