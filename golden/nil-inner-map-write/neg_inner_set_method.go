package p

import (
	"errors"
	"strings"
)

// Set is a set of strings; Insert writes its receiver map, Has reads it.
type Set map[string]struct{}

// Insert adds items to the set.
func (s Set) Insert(items ...string) {
	for _, item := range items {
		s[item] = struct{}{}
	}
}

// Has tells whether the set holds item.
func (s Set) Has(item string) bool {
	_, ok := s[item]
	return ok
}

// Made before the write, under a literal's key, or only read.
func group(actions map[string][]string, probe string) (map[string]Set, bool) {
	byAction := map[string]Set{
		"enforce": {},
		"audit":   {},
	}
	byAction["audit"].Insert("default")
	for action, names := range actions {
		if byAction[action] == nil {
			byAction[action] = Set{}
		}
		byAction[action].Insert(names...)
	}
	return byAction, byAction[probe].Has("x")
}

// The value the key is computed from was validated first, with an exit.
func validated(actions map[string][]string) (map[string]Set, error) {
	byAction := map[string]Set{
		"enforce": {},
		"audit":   {},
	}
	for action, names := range actions {
		if !valid(action) {
			return nil, errors.New("invalid action " + action)
		}
		byAction[strings.ToLower(action)].Insert(names...)
	}
	return byAction, nil
}

func valid(action string) bool {
	return strings.EqualFold(action, "enforce") || strings.EqualFold(action, "audit")
}
