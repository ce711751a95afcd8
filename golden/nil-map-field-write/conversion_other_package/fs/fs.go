// Package fs declares what a mounted node may implement.
package fs

// Lookuper finds a child node by name.
type Lookuper interface {
	Lookup(name string) (any, error)
}

// Forgetter drops what a node cached.
type Forgetter interface {
	Forget()
}

// Register keeps a node for later: a function, not a type.
func Register(n any) any {
	registered = append(registered, n)
	return n
}

var registered []any
