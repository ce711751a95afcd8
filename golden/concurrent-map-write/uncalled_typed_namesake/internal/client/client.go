package client

import "sync"

// Handler keeps the client-side extensions.
type Handler struct {
	mu  sync.Mutex
	ext map[string]func(string) string
}

// NewHandler returns a handler with an empty extension table.
func NewHandler() *Handler {
	return &Handler{ext: make(map[string]func(string) string)}
}

// SetExtension is called on every request.
func (h *Handler) SetExtension(method string, f func(string) string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ext[method] = f
}
