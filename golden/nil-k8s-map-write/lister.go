package controllers

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type PodLister interface {
	Get(name string) (*corev1.Pod, error)
}

func mark(lister PodLister, name string) (*corev1.Pod, error) {
	pod, err := lister.Get(name)
	if err != nil {
		return nil, err
	}
	pod = pod.DeepCopy()
	pod.Labels["marked"] = "true" // want `write to pod.Labels, which may be nil: pod is a DeepCopy of pod, and pod comes from lister.Get`
	metav1.SetMetaDataAnnotation(&pod.ObjectMeta, "a", "b")
	return pod, nil
}

func markCached(lister PodLister, name string) error {
	cached, err := lister.Get(name)
	if err != nil {
		return err
	}
	cached.Annotations["seen"] = "true" // want `write to cached.Annotations, which may be nil: cached comes from lister.Get`
	return nil
}
