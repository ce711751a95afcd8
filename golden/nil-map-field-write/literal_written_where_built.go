package session

type Registry struct{ hooks map[string]int }

// reset builds a value and writes it in the same method.
func (r *Registry) reset() *Registry {
	fresh := &Registry{}
	fresh.hooks["init"] = 1 // want "write to nil map field fresh.hooks: the Registry literal in Registry.reset omits hooks"
	return fresh
}
