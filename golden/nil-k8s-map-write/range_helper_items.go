package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type ItemLister interface {
	List(ctx context.Context, list any) error
}

// listed returns the pods a client listed: their maps are as the API sent them.
func listed(ctx context.Context, c ItemLister) []corev1.Pod {
	var list corev1.PodList
	if err := c.List(ctx, &list); err != nil {
		return nil
	}
	return list.Items
}

// labelled returns pods built with their labels.
func labelled() []corev1.Pod {
	return []corev1.Pod{{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}}}}
}

// MarkListed writes into the labels of items a helper listed.
func MarkListed(ctx context.Context, c ItemLister) []corev1.Pod {
	var out []corev1.Pod
	for _, pod := range listed(ctx, c) {
		pod.Labels["seen"] = "true" // want `write to pod.Labels, which may be nil: pod is an item of listed\(ctx, c\)`
		out = append(out, pod)
	}
	return out
}

// MarkBuilt writes into items built with the map, and into checked ones.
func MarkBuilt(ctx context.Context, c ItemLister) []corev1.Pod {
	var out []corev1.Pod
	for _, pod := range labelled() {
		pod.Labels["seen"] = "true"
		out = append(out, pod)
	}
	for _, pod := range listed(ctx, c) {
		if pod.Labels == nil {
			pod.Labels = map[string]string{}
		}
		pod.Labels["seen"] = "true"
		out = append(out, pod)
	}
	return out
}
