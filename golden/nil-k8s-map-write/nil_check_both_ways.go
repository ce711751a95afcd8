package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

type StatusClient interface {
	Get(ctx context.Context, key types.NamespacedName, obj *corev1.Pod) error
}

// The nil check only decides whether to range: both of its ways go on to
// the write, which still sees a nil map.
func recordKeys(ctx context.Context, c StatusClient, key types.NamespacedName, keys []string) (*corev1.Pod, error) {
	var pod corev1.Pod
	if err := c.Get(ctx, key, &pod); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	if pod.Labels != nil {
		for k := range pod.Labels {
			seen[k] = true
		}
	}
	for _, k := range keys {
		if !seen[k] {
			pod.Labels[k] = "seen" // want `write to pod.Labels, which may be nil: pod is decoded by c.Get`
		}
	}
	return &pod, nil
}

// Near misses: the write in the branch where the map is there, after a
// nil check that leaves, and in the else of a nil check.
func recordPresent(ctx context.Context, c StatusClient, key types.NamespacedName, k string) error {
	var pod corev1.Pod
	if err := c.Get(ctx, key, &pod); err != nil {
		return err
	}
	if pod.Labels != nil {
		pod.Labels[k] = "seen"
	}
	return nil
}

func recordOrLeave(ctx context.Context, c StatusClient, key types.NamespacedName, k string) error {
	var pod corev1.Pod
	if err := c.Get(ctx, key, &pod); err != nil {
		return err
	}
	if pod.Annotations == nil {
		return nil
	}
	pod.Annotations[k] = "seen"
	return nil
}

func recordElse(ctx context.Context, c StatusClient, key types.NamespacedName, k string) error {
	var pod corev1.Pod
	if err := c.Get(ctx, key, &pod); err != nil {
		return err
	}
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{k: "first"}
	} else {
		pod.Annotations[k] = "seen"
	}
	return nil
}
