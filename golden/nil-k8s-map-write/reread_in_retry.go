package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

type PodClient interface {
	Get(ctx context.Context, key types.NamespacedName, obj *corev1.Pod) error
	Update(ctx context.Context, obj *corev1.Pod) error
}

// The labels are made once, then a conflict re-reads the pod into the same
// object: the decoder replaces it, and the stored pod may have no labels.
func addLabels(ctx context.Context, c PodClient, p *corev1.Pod, queue string) error {
	if p.Labels == nil {
		p.Labels = make(map[string]string)
	}
	p.Labels["queue"] = queue
	err := c.Update(ctx, p)
	for i := 0; err != nil && i < 3; i++ {
		key := types.NamespacedName{Namespace: p.Namespace, Name: p.Name}
		if err = c.Get(ctx, key, p); err != nil {
			continue
		}
		p.Labels["queue"] = queue // want `write to p.Labels, which may be nil: p is decoded by c.Get`
		err = c.Update(ctx, p)
	}
	return err
}

// Made again after the re-read: nothing to report.
func addLabelsMadeAgain(ctx context.Context, c PodClient, p *corev1.Pod, queue string) error {
	if p.Labels == nil {
		p.Labels = make(map[string]string)
	}
	p.Labels["queue"] = queue
	err := c.Update(ctx, p)
	for i := 0; err != nil && i < 3; i++ {
		key := types.NamespacedName{Namespace: p.Namespace, Name: p.Name}
		if err = c.Get(ctx, key, p); err != nil {
			continue
		}
		if p.Labels == nil {
			p.Labels = make(map[string]string)
		}
		p.Labels["queue"] = queue
		err = c.Update(ctx, p)
	}
	return err
}

// A deep copy re-read inside a retry closure: the copy's origin no longer
// matters, the object is the server's.
func patchProbe(ctx context.Context, c PodClient, pod *corev1.Pod, labels map[string]string, retry func(func() error) error) error {
	podClone := pod.DeepCopy()
	return retry(func() error {
		key := types.NamespacedName{Namespace: pod.Namespace, Name: pod.Name}
		if err := c.Get(ctx, key, podClone); err != nil {
			return err
		}
		if podClone.Annotations == nil {
			podClone.Annotations = map[string]string{}
		}
		for k, v := range labels {
			podClone.Labels[k] = v // want `write to podClone.Labels, which may be nil: podClone is decoded by c.Get`
			podClone.Annotations[k] = v
		}
		return c.Update(ctx, podClone)
	})
}
