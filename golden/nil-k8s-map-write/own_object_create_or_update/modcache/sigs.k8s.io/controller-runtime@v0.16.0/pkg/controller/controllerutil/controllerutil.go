// Package controllerutil is a stub of controller-runtime's controllerutil
// for the golden test.
package controllerutil

import (
	"context"

	"sigs.k8s.io/controller-runtime/pkg/client"
)

// OperationResult is what CreateOrUpdate did.
type OperationResult string

// MutateFn sets the desired state of an object.
type MutateFn func() error

// CreateOrUpdate gets obj at its key; when it is not found it calls f and
// creates obj, otherwise it calls f and updates obj.
func CreateOrUpdate(ctx context.Context, c client.Client, obj client.Object, f MutateFn) (OperationResult, error) {
	if err := c.Get(ctx, client.ObjectKeyFromObject(obj), obj); err != nil {
		if err := f(); err != nil {
			return "", err
		}
		return "created", c.Create(ctx, obj)
	}
	if err := f(); err != nil {
		return "", err
	}
	return "updated", c.Update(ctx, obj)
}

// CreateOrPatch is CreateOrUpdate with a patch.
func CreateOrPatch(ctx context.Context, c client.Client, obj client.Object, f MutateFn) (OperationResult, error) {
	return CreateOrUpdate(ctx, c, obj, f)
}
