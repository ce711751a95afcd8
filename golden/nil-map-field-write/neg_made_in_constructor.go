package registry

// Registry makes its map in every construction path.
type Registry struct {
	handlers map[string]string
}

// NewRegistry makes the map.
func NewRegistry() *Registry {
	return &Registry{handlers: make(map[string]string)}
}

// Register writes to a made map.
func (r *Registry) Register(kind, handler string) {
	r.handlers[kind] = handler
}
