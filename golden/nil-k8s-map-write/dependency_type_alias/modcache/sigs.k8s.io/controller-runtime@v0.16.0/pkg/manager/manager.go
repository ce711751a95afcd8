// Package manager stands in for the real package.
package manager

import "sigs.k8s.io/controller-runtime/pkg/cache"

// Options are the arguments for creating a new Manager.
type Options struct {
	LeaderElection bool
	Cache          cache.Options
}

// DefinedOptions is a defined type whose underlying type is Options' struct.
type DefinedOptions Options
