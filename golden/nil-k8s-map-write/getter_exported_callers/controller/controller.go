package controller

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"example.com/gettercallers/meta"
)

type podClient interface {
	List(ctx context.Context, opts metav1.ListOptions) (*corev1.PodList, error)
	Get(ctx context.Context, name string, opts metav1.GetOptions) (*corev1.Pod, error)
}

// MarkPrimary labels copies of pods listed with a label selector.
func MarkPrimary(ctx context.Context, c podClient) error {
	pods, err := c.List(ctx, metav1.ListOptions{LabelSelector: "app=db"})
	if err != nil {
		return err
	}
	for i := range pods.Items {
		pod := pods.Items[i].DeepCopy()
		meta.AddLabel(pod, "primary", "true")
		meta.AddNote(pod, "primary", "true")
	}
	return nil
}

// Tag reads the pod by name: it may have no labels.
func Tag(ctx context.Context, c podClient, name string) error {
	pod, err := c.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	meta.AddTag(pod, "seen", "true")
	return nil
}

// Note reads the pod by name too, for the function MarkPrimary also calls.
func Note(ctx context.Context, c podClient, name string) error {
	pod, err := c.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	meta.AddNote(pod, "seen", "true")
	return nil
}
