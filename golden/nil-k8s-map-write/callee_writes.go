package controllers

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/types"
)

type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// mergeInto writes into dst as it comes: a nil map panics in here, and only
// the caller can make it.
func mergeInto(dst, src map[string]string) {
	for k, v := range src {
		dst[k] = v
	}
}

// mergeSafe returns early for a nil map: passing one is harmless.
func mergeSafe(dst, src map[string]string) {
	if dst == nil {
		return
	}
	for k, v := range src {
		dst[k] = v
	}
}

func Restart(ctx context.Context, c Client, key types.NamespacedName, at string) error {
	var dep appsv1.Deployment
	if err := c.Get(ctx, key, &dep); err != nil {
		return err
	}
	mergeInto(dep.Spec.Template.Annotations, map[string]string{"restartedAt": at}) // want `mergeInto writes into its parameter dst, which is dep.Spec.Template.Annotations here and may be nil: dep is decoded by c.Get`
	mergeSafe(dep.Labels, map[string]string{"restarted": "true"})
	if dep.Spec.Selector != nil && dep.Spec.Selector.MatchLabels == nil {
		dep.Spec.Selector.MatchLabels = map[string]string{}
	}
	if dep.Spec.Selector != nil {
		mergeInto(dep.Spec.Selector.MatchLabels, map[string]string{"app": key.Name})
	}
	return nil
}
