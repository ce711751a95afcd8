package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type PodLister interface {
	List(ctx context.Context, list any) error
}

// Copies of, and pointers to, listed items have the items' maps.
func Relabel(ctx context.Context, c PodLister) error {
	var list corev1.PodList
	if err := c.List(ctx, &list); err != nil {
		return err
	}
	first := list.Items[0]
	first.Labels["first"] = "true" // want `write to first.Labels, which may be nil: first is list.Items\[0\], and list is decoded by c.List`
	for i := range list.Items {
		pod := &list.Items[i]
		pod.Annotations["seen"] = "true" // want `write to pod.Annotations, which may be nil: pod is list.Items\[i\]`
	}
	for _, pod := range list.Items {
		stage := pod
		stage.Labels["stage"] = "1" // want `write to stage.Labels, which may be nil: stage is pod, and pod is an item of list.Items`
	}
	return nil
}

// Items of a list the code built with the labels set are fine.
func Built() {
	list := corev1.PodList{Items: []corev1.Pod{{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{}}}}}
	first := list.Items[0]
	first.Labels["first"] = "true"
	meta := &first.ObjectMeta
	meta.Labels["again"] = "true"
}
