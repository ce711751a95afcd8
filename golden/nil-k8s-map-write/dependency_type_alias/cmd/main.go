package cmd

import (
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/manager"
)

// ctrl.Options is an alias of manager.Options: the literal leaves the
// nested map of its Cache field nil.
func options(namespace string) ctrl.Options {
	opts := ctrl.Options{
		LeaderElection: true,
		Cache:          cache.Options{SyncPeriod: 10},
	}
	if namespace != "" {
		opts.Cache.DefaultNamespaces[namespace] = cache.Config{} // want "write to opts.Cache.DefaultNamespaces, which may be nil"
	}
	return opts
}

// A defined type has the fields of its underlying struct.
func defined(namespace string) manager.DefinedOptions {
	opts := manager.DefinedOptions{}
	opts.Cache.DefaultNamespaces[namespace] = cache.Config{} // want "write to opts.Cache.DefaultNamespaces, which may be nil"
	return opts
}
