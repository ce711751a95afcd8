package golden

// Set is a set of strings.
type Set map[string]bool

// Index maps a key to a set.
type Index map[string]Set

func (ix Index) Add(key, member string) {
	ix[key][member] = true // want "write to inner map ix\\[key\\] that may be nil"
}
