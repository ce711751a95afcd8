// Package controllers updates services read from the cluster.
package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"

	"example.com/calleeother/maputil"
)

// Client reads objects.
type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// Update merges labels into a service read from the cluster.
func Update(ctx context.Context, c Client, key types.NamespacedName, labels map[string]string) error {
	var living corev1.Service
	if err := c.Get(ctx, key, &living); err != nil {
		return err
	}
	maputil.MergeMap(living.Labels, labels) // want `maputil\.MergeMap writes into its parameter dst, which is living\.Labels here and may be nil: living is decoded by c\.Get`
	maputil.MergeSafe(living.Annotations, labels)
	if living.Spec.Selector == nil {
		living.Spec.Selector = map[string]string{}
	}
	maputil.MergeMap(living.Spec.Selector, labels)
	return nil
}
