// Package client is a stand-in for controller-runtime's client, whose Get
// decodes (or deep-copies from its cache) into the caller's object.
package client

import "context"

type ObjectKey struct {
	Namespace string
	Name      string
}

type Object interface {
	GetLabels() map[string]string
}

type Client interface {
	Get(ctx context.Context, key ObjectKey, obj Object) error
}
