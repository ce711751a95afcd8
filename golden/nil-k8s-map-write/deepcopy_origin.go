package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

type Getter interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// A deep copy has the maps of what it copies.
func labelledCopy(name string) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app": name}}}
	out := pod.DeepCopy()
	out.Labels["copy"] = "true"
	return out
}

func bareCopy(name string) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}}
	out := pod.DeepCopy()
	out.Labels["copy"] = "true" // want `write to out.Labels, which may be nil: out is a DeepCopy of pod, and pod's literal does not set Labels`
	return out
}

// Get overwrites the object its pointer argument points to.
func readBack(ctx context.Context, c Getter, key types.NamespacedName) error {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{}}}
	if err := c.Get(ctx, key, pod); err != nil {
		return err
	}
	pod.Labels["seen"] = "true" // want `write to pod.Labels, which may be nil: pod is decoded by c.Get`
	return nil
}

func Use(ctx context.Context, c Getter) {
	_ = labelledCopy("a")
	_ = bareCopy("b")
	_ = readBack(ctx, c, types.NamespacedName{})
}
