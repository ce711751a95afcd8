package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

type Reconciler struct {
	Client Client
}

func (r *Reconciler) Reconcile(ctx context.Context, key types.NamespacedName) (*corev1.Pod, error) {
	var pod corev1.Pod
	if err := r.Client.Get(ctx, key, &pod); err != nil {
		return nil, err
	}
	pod.Labels["app.kubernetes.io/managed-by"] = "operator" // want `write to pod.Labels, which may be nil: pod is decoded by r.Client.Get`

	pod.ObjectMeta.Annotations["seen"] = "true" // want `write to pod.ObjectMeta.Annotations, which may be nil`
	var meta metav1.ObjectMeta
	meta.Labels["x"] = "y" // want `write to meta.Labels, which may be nil: meta is declared without a value`
	pod.ObjectMeta.OwnerReferences = meta.OwnerReferences
	return &pod, nil
}
