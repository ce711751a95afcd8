package api

import (
	"net/http"
	"sync"
)

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

// SetExtension may be what Serve's x.SetExtension calls: x is an
// interface value, and an *Executor implements it.
func (e *Executor) SetExtension(method string, h Handler) {
	e.ext[method] = h // want "concurrent write to map e.ext: RPC runs on several goroutines without a lock"
}

type extender interface {
	SetExtension(method string, h Handler)
}

// RPC runs on every request's goroutine.
func (e *Executor) RPC(method, params string) string {
	e.hits[method]++ // want "concurrent write to map e.hits: RPC runs on several goroutines without a lock"
	if h, ok := e.ext[method]; ok {
		return h(params)
	}
	return ""
}

// Audit records which extensions were set.
type Audit struct {
	mu  sync.Mutex
	set map[string]bool
}

// NewAudit returns an empty audit.
func NewAudit() *Audit {
	return &Audit{set: make(map[string]bool)}
}

// SetExtension is the Audit's own method of that name.
func (a *Audit) SetExtension(method string, h Handler) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.set[method] = h != nil
}

// Serve answers every request with the extension it names.
func Serve(e *Executor, hook func(string)) error {
	var x extender = NewAudit()
	return http.ListenAndServe(":0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hook(r.URL.Path)
		x.SetExtension(r.URL.Path, nil)
		_, _ = w.Write([]byte(e.RPC(r.URL.Path, r.URL.RawQuery)))
	}))
}
