package controllers

import (
	"context"
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Client reads, creates and updates objects on the API server.
type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
	Create(ctx context.Context, obj any) error
	Update(ctx context.Context, obj any) error
}

var errExists = errors.New("already exists")

func isAlreadyExists(err error) bool { return errors.Is(err, errExists) }

// newStatus is the only constructor of the module's status objects, and its
// literal makes Labels.
func newStatus(ns, name, node string) *corev1.ConfigMap {
	return &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{
			Namespace: ns,
			Name:      name,
			Labels:    map[string]string{"node": node},
		},
	}
}

// EnsureStatus creates the object and, when one is already at that name,
// reads it back and relabels it. Every create in the module sets the label,
// but labels are metadata: an object created by an older version of the
// program, or relabelled by a user since, may have none, and Go cannot tell.
func EnsureStatus(ctx context.Context, c Client, ns, name, node string) error {
	status := newStatus(ns, name, node)
	err := c.Create(ctx, status)
	if err == nil || !isAlreadyExists(err) {
		return err
	}
	found := &corev1.ConfigMap{}
	if err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: status.Name}, found); err != nil {
		return err
	}
	found.Labels["node"] = node // want `write to found\.Labels, which may be nil: found is decoded by c\.Get`
	return c.Update(ctx, found)
}
