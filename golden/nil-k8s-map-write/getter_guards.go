package controllers

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// A comma-ok lookup on obj.GetLabels() that found a key proves the map,
// like one on obj.Labels: the getter returns the field.
func enforce(objs []unstructured.Unstructured) {
	for i, obj := range objs {
		if _, ok := obj.GetLabels()["managed"]; !ok {
			continue
		}
		labels := obj.GetLabels()
		labels["enforce"] = "privileged"
		obj.SetLabels(labels)
		objs[i] = obj
	}
}

// The body of a range over pod.GetAnnotations() runs only for a pod with
// annotations, and a DeepCopy keeps them.
func markLeader(pods []corev1.Pod, key string) []*corev1.Pod {
	var out []*corev1.Pod
	for i := range pods {
		pod := &pods[i]
		for k := range pod.GetAnnotations() {
			if k == key {
				updated := pod.DeepCopy()
				annotations := updated.GetAnnotations()
				annotations["leader"] = "true"
				updated.SetAnnotations(annotations)
				out = append(out, updated)
			}
		}
	}
	return out
}

// A lookup that found nothing proves nothing: the write runs for a pod
// without the key, maybe without any labels.
func Enforce(objs []unstructured.Unstructured) {
	for i, obj := range objs {
		if _, ok := obj.GetLabels()["managed"]; ok {
			continue
		}
		labels := obj.GetLabels()
		labels["enforce"] = "privileged" // want `write to labels, which is nil when obj.GetLabels\(\) is`
		obj.SetLabels(labels)
		objs[i] = obj
	}
}

// A lookup on another object's labels says nothing of this one.
func Copy(from, to *corev1.Pod) {
	if _, ok := from.GetLabels()["app"]; !ok {
		return
	}
	labels := to.GetLabels()
	labels["app"] = from.Labels["app"] // want `write to labels, which is nil when to.GetLabels\(\) is`
	to.SetLabels(labels)
}
