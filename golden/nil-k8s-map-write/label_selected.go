package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type Pods interface {
	List(ctx context.Context, opts metav1.ListOptions) (*corev1.PodList, error)
}

// Pods listed with a label selector carry labels: their Labels are not nil.
// Their annotations may still be.
func Mark(ctx context.Context, pods Pods) error {
	list, err := pods.List(ctx, metav1.ListOptions{LabelSelector: "app=web"})
	if err != nil {
		return err
	}
	for _, pod := range list.Items {
		pod.Labels["marked"] = "true"
		pod.Annotations["marked"] = "true" // want `write to pod.Annotations, which may be nil: pod is an item of list.Items`
	}
	for i := range list.Items {
		list.Items[i].Labels["index"] = "true"
	}
	return nil
}

// Without a selector nothing says the items have labels.
func MarkAll(ctx context.Context, pods Pods) error {
	list, err := pods.List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	for _, pod := range list.Items {
		pod.Labels["marked"] = "true" // want `write to pod.Labels, which may be nil: pod is an item of list.Items`
	}
	return nil
}
