// A literal returned beside a non-nil error is not used by the callers.

package p

import "errors"

type Registry struct {
	name  string
	kinds map[string]int
}

func load(name string) (*Registry, error) {
	if name == "" {
		return &Registry{}, errors.New("no name")
	}
	return &Registry{name: name, kinds: make(map[string]int)}, nil
}

func (r *Registry) Add(kind string) {
	r.kinds[kind]++
}
