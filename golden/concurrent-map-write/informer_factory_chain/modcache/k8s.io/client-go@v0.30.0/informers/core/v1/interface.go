// Package v1 is a stand-in for client-go's core/v1 informers.
package v1

import listers "k8s.io/client-go/listers/core/v1"

type Interface interface {
	Nodes() NodeInformer
}

type NodeInformer interface {
	Lister() listers.NodeLister
}
