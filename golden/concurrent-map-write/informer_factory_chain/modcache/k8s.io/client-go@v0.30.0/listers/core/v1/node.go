// Package v1 is a stand-in for client-go's listers, which answer from the
// shared informer's cache.
package v1

import v1 "k8s.io/api/core/v1"

type NodeLister interface {
	Get(name string) (*v1.Node, error)
}
