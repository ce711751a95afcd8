package registry

// Registry maps kinds to handler names.
type Registry struct {
	handlers map[string]string
}

// NewRegistry forgets to make the map.
func NewRegistry() *Registry {
	return &Registry{}
}

// Register panics on a registry from NewRegistry.
func (r *Registry) Register(kind, handler string) {
	r.handlers[kind] = handler // want "write to nil map field r.handlers: the Registry literal in NewRegistry omits handlers"
}

// Lookup reads, which is legal on a nil map.
func (r *Registry) Lookup(kind string) string {
	return r.handlers[kind]
}
