// Package cache is a stand-in for client-go's informer callbacks, which
// the informers call from goroutines of their own.
package cache

type ResourceEventHandlerFuncs struct {
	AddFunc func(obj interface{})
}
