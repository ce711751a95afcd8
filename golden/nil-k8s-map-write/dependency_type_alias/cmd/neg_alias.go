package cmd

import (
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
)

// The literal makes the nested map: the write is safe.
func optionsMade(namespace string) ctrl.Options {
	opts := ctrl.Options{
		Cache: cache.Options{DefaultNamespaces: map[string]cache.Config{}},
	}
	opts.Cache.DefaultNamespaces[namespace] = cache.Config{}
	return opts
}

// Made before the write.
func optionsGuarded(namespaces []string) ctrl.Options {
	opts := ctrl.Options{}
	if opts.Cache.DefaultNamespaces == nil {
		opts.Cache.DefaultNamespaces = map[string]cache.Config{}
	}
	for _, ns := range namespaces {
		opts.Cache.DefaultNamespaces[ns] = cache.Config{}
	}
	return opts
}
