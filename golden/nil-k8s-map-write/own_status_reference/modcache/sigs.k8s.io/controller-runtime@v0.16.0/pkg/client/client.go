// Package client is a stub of controller-runtime's client for the golden test.
package client

import (
	"context"

	"k8s.io/apimachinery/pkg/types"
)

// Object is a stored object.
type Object interface {
	GetName() string
	GetNamespace() string
}

// ObjectKey names an object.
type ObjectKey = types.NamespacedName

// ObjectKeyFromObject returns the key of obj.
func ObjectKeyFromObject(obj Object) ObjectKey {
	return ObjectKey{Namespace: obj.GetNamespace(), Name: obj.GetName()}
}

// Client reads and writes objects.
type Client interface {
	Get(ctx context.Context, key ObjectKey, obj Object) error
	Create(ctx context.Context, obj Object) error
	Update(ctx context.Context, obj Object) error
}
