// Package framework loads modules: it makes each one with its New
// function, provisions it, then serves through it.
package framework

// Module is what a plugin registers.
type Module interface {
	Info() Info
}

// Info names a module and makes new values of it.
type Info struct {
	ID  string
	New func() Module
}

// Provisioner is a module that sets itself up before use.
type Provisioner interface {
	Provision() error
}

// Server is a module that serves names.
type Server interface {
	Serve(name string)
}

var modules = map[string]Info{}

// Register records a module.
func Register(m Module) {
	info := m.Info()
	modules[info.ID] = info
}

// Load makes, provisions and serves one module.
func Load(id, name string) error {
	m := modules[id].New()
	if p, ok := m.(Provisioner); ok {
		if err := p.Provision(); err != nil {
			return err
		}
	}
	if s, ok := m.(Server); ok {
		s.Serve(name)
	}
	return nil
}
