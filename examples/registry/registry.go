// Package registry maps resource kinds to the handlers that reconcile them,
// the way an operator's manager wires controllers at start-up.
package registry

import (
	"context"
	"fmt"
	"sort"
)

// Handler reconciles one object, named by namespace and name.
type Handler interface {
	Reconcile(ctx context.Context, namespace, name string) error
}

// HandlerFunc adapts an ordinary function to Handler.
type HandlerFunc func(ctx context.Context, namespace, name string) error

// Reconcile calls f.
func (f HandlerFunc) Reconcile(ctx context.Context, namespace, name string) error {
	return f(ctx, namespace, name)
}

// Registry holds the handler registered for each kind.
type Registry struct {
	handlers map[string]Handler
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{}
}

// Register installs h as the handler for kind, replacing any earlier one.
func (r *Registry) Register(kind string, h Handler) {
	r.handlers[kind] = h
}

// Lookup returns the handler for kind. Reading a nil map is legal.
func (r *Registry) Lookup(kind string) (Handler, bool) {
	h, ok := r.handlers[kind]
	return h, ok
}

// Unregister removes the handler for kind. delete on a nil map is a no-op.
func (r *Registry) Unregister(kind string) {
	delete(r.handlers, kind)
}

// Kinds returns the registered kinds in order. len and range on a nil map
// are legal.
func (r *Registry) Kinds() []string {
	kinds := make([]string, 0, len(r.handlers))
	for k := range r.handlers {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// Dispatch hands the object to the handler registered for kind.
func (r *Registry) Dispatch(ctx context.Context, kind, namespace, name string) error {
	h, ok := r.Lookup(kind)
	if !ok {
		return fmt.Errorf("no handler for kind %q", kind)
	}
	return h.Reconcile(ctx, namespace, name)
}

// Webhooks maps URL paths to the kind whose admission webhook serves them.
// Its constructor makes the map: correct, must not be reported.
type Webhooks struct {
	byPath map[string]string
}

// NewWebhooks returns an empty, ready-to-use set of webhooks.
func NewWebhooks() *Webhooks {
	return &Webhooks{byPath: make(map[string]string)}
}

// Serve routes path to kind.
func (w *Webhooks) Serve(path, kind string) {
	w.byPath[path] = kind
}

// Kind returns the kind served at path.
func (w *Webhooks) Kind(path string) string {
	return w.byPath[path]
}

// Options is usable as a zero value: SetDefault makes the map on first use.
// Correct, must not be reported.
type Options struct {
	Defaults map[string]string
}

// SetDefault records a default value for key.
func (o *Options) SetDefault(key, value string) {
	if o.Defaults == nil {
		o.Defaults = make(map[string]string)
	}
	o.Defaults[key] = value
}
