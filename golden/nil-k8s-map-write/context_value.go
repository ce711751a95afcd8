package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
)

type podContextKey struct{}

// WithPod stores a pod in the context.
func WithPod(ctx context.Context, pod *corev1.Pod) context.Context {
	return context.WithValue(ctx, podContextKey{}, pod)
}

// MarkFromContext writes into the labels of a pod taken from a context value:
// it comes as whoever stored it had it, maps left out included.
func MarkFromContext(ctx context.Context) {
	pod := ctx.Value(podContextKey{}).(*corev1.Pod)
	pod.Labels["seen"] = "true" // want `write to pod.Labels, which may be nil: pod is asserted from ctx.Value\(podContextKey\{\}\)`
}

// MarkChecked makes the map first.
func MarkChecked(ctx context.Context) {
	pod, ok := ctx.Value(podContextKey{}).(*corev1.Pod)
	if !ok {
		return
	}
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	pod.Labels["seen"] = "true"
}
