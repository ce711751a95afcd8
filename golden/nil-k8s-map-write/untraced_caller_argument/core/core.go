// Package core holds the objects a controller works on.
package core

import "example.com/untraced/api"

// Container holds a StackSet; it has no metadata of its own.
type Container struct {
	StackSet *api.StackSet
	Extra    []string
}

// NewContainer wraps a StackSet.
func NewContainer(s *api.StackSet) *Container { return &Container{StackSet: s} }
