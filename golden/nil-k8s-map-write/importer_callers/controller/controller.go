// Package controller calls the labeling helpers of the module.
package controller

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"example.com/importers/labeling"
)

// Client reads objects from the cluster.
type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// Reconciler reads pods from the cluster.
type Reconciler struct {
	Client Client
}

// NewPod builds a pod with labels and stamps it.
func NewPod(name string) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{}}}
	labeling.Stamp(pod)
	labeling.Tag(pod, "controller")
	labeling.Relabel(pod)
	return pod
}

// Configure fills a config map built without data.
func Configure(name string) *corev1.ConfigMap {
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}}
	labeling.Fill(cm)
	return cm
}

// Reconcile annotates the pod it reads.
func (r *Reconciler) Reconcile(ctx context.Context, key types.NamespacedName) error {
	var pod corev1.Pod
	if err := r.Client.Get(ctx, key, &pod); err != nil {
		return err
	}
	labeling.Annotate(&pod)
	return nil
}

// notes gives no annotations to a pod without a name.
func notes(name string) map[string]string {
	if name == "" {
		return nil
	}
	return map[string]string{"name": name}
}

// Noted notes a pod whose annotations notes may leave nil.
func Noted(name string) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: notes(name)}}
	labeling.Note(pod)
	return pod
}
