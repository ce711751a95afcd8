package p

import "encoding/json"

// Options is decoded from JSON: without "labels" the map stays nil.
type Options struct {
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels"`
}

func Load(data []byte) (Options, error) {
	var o Options
	err := json.Unmarshal(data, &o)
	return o, err
}

// WithLabel returns the copy it changed: a guard on the copy is the fix.
func (o Options) WithLabel(k, v string) Options {
	o.Labels[k] = v // want "write to nil map field o.Labels"
	return o
}

// Registry keeps options by name.
type Registry struct {
	byName map[string]Options
}

func NewRegistry() *Registry { return &Registry{byName: map[string]Options{}} }

// Register stores the copy it changed: the guard reaches the registry.
func (r *Registry) Register(o Options) {
	o.Labels["registered"] = "true" // want "write to nil map field o.Labels"
	r.byName[o.Name] = o
}

// Touch changes a copy nobody sees: a guard would hide the panic and lose
// the label.
func (o Options) Touch(k string) {
	o.Labels[k] = "touched" // want "write to nil map field o.Labels"
}
