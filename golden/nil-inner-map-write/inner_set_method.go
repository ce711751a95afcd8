package p

// Set is a set of strings; Insert writes its receiver map.
type Set map[string]struct{}

// Insert adds items to the set.
func (s Set) Insert(items ...string) {
	for _, item := range items {
		s[item] = struct{}{}
	}
}

// A key that is not one of the literal's: the inner set is nil and Insert
// writes into it.
func group(actions map[string][]string) map[string]Set {
	byAction := map[string]Set{
		"enforce": {},
		"audit":   {},
	}
	for action, names := range actions {
		byAction[action].Insert(names...) // want `write to inner map byAction\[action\] \(Insert writes its receiver map\) that may be nil`
	}
	return byAction
}
