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

// SetExtension has no caller in the module, internal/ keeps every other
// module out, and no interface of the packages the module imports (gen's
// generator file is in no build: its import is none) names it: it never
// runs.
func (e *Executor) SetExtension(method string, h Handler) {
	e.ext[method] = h
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
