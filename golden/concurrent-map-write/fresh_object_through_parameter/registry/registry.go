// Package registry runs the kinds registered on it.
package registry

// Registry reads its kinds on the loop that Run starts.
type Registry struct {
	kinds   map[string]bool
	shared  map[string]bool
	late    map[string]bool
	kept    map[string]bool
	started map[string]bool
	in      chan string
}

// New returns a registry with no kinds.
func New() *Registry {
	return &Registry{
		kinds:   map[string]bool{},
		shared:  map[string]bool{},
		late:    map[string]bool{},
		kept:    map[string]bool{},
		started: map[string]bool{},
		in:      make(chan string),
	}
}

// Register is called, through plain functions of other packages that take
// the registry as a parameter (some of them called from a slice literal
// that a loop runs at once), on a registry main has just made, before Run.
func (r *Registry) Register(name string) {
	r.kinds[name] = true
}

// RegisterShared is called through a parameter that receives the registry
// of a package variable: its loop may run.
func (r *Registry) RegisterShared(name string) {
	r.shared[name] = true // want "concurrent write to map r.shared"
}

// RegisterLate is called through a parameter that receives a new registry,
// but after Run started its loop.
func (r *Registry) RegisterLate(name string) {
	r.late[name] = true // want "concurrent write to map r.late"
}

// RegisterKept is called by a function kept in a package variable's slice:
// anything may call it, at any time.
func (r *Registry) RegisterKept(name string) {
	r.kept[name] = true // want "concurrent write to map r.kept"
}

// RegisterStarted is called by a function that a loop runs after another
// function of the same slice literal started the registry's loop.
func (r *Registry) RegisterStarted(name string) {
	r.started[name] = true // want "concurrent write to map r.started"
}

// Run starts the loop that reads the kinds.
func (r *Registry) Run() {
	go r.loop()
}

// Send hands a kind to the loop.
func (r *Registry) Send(kind string) {
	r.in <- kind
}

func (r *Registry) loop() {
	for kind := range r.in {
		_ = r.kinds[kind] || r.shared[kind] || r.late[kind] || r.kept[kind] || r.started[kind]
	}
}
