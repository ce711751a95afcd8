// Package handler is a Caddy HTTP handler module.
package handler

import (
	"fmt"
	"net/http"

	"github.com/caddyserver/caddy/v2"
)

type Handler struct {
	Hosts []string

	allowed map[string]bool
	hits    map[string]int
}

// seen is shared by every value of the module: a reload provisions new
// values while the old ones still serve.
var seen = map[string]bool{}

// Provision runs once on each new module value, before Caddy uses it: its
// fields are set up on one goroutine.
func (h *Handler) Provision(ctx caddy.Context) error {
	h.allowed = map[string]bool{}
	h.hits = map[string]int{}
	for _, host := range h.Hosts {
		h.allowed[host] = true
		seen[host] = true // want "concurrent write to map seen"
	}
	h.count("")
	return nil
}

func (h *Handler) count(host string) {
	h.hits[host]++ // want "concurrent write to map h.hits"
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.allowed[r.Host] && seen[r.Host] {
		h.count(r.Host)
	}
	fmt.Fprintln(w, r.Host)
}
