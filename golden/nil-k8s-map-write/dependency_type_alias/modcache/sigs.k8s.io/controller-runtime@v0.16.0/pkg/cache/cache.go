// Package cache stands in for the real package.
package cache

// Config holds the options of one namespace.
type Config struct {
	LabelSelector string
}

// Options are the options of the informer cache.
type Options struct {
	DefaultNamespaces map[string]Config
	SyncPeriod        int
}
