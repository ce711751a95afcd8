// Package labeling writes into the maps of objects its importers pass.
package labeling

import (
	corev1 "k8s.io/api/core/v1"
)

// Stamp is called only from another package, with pods built with labels.
func Stamp(pod *corev1.Pod) {
	pod.Labels["stamped"] = "true"
}

// Tag is called from two other packages, each with a made map.
func Tag(pod *corev1.Pod, key string) {
	pod.Labels[key] = "true"
}

// Relabel is called in its own package by a test only, with a bare pod,
// and from another package with a made map: the test is no evidence.
func Relabel(pod *corev1.Pod) {
	pod.Labels["relabelled"] = "true"
}

// Mark is called from another package with the result of a function of a
// third package: where that pod comes from is not traced there, so the
// callers are not all known to pass labels.
func Mark(pod *corev1.Pod) {
	pod.Labels["marked"] = "true" // want `write to pod\.Labels, which may be nil: pod is a parameter$`
}

// Fill is called from another package with a literal that leaves Data out.
func Fill(cm *corev1.ConfigMap) {
	cm.Data["key"] = "value" // want `write to cm\.Data, which may be nil: cm is a parameter and controller\.Configure passes cm \(cm's literal does not set Data\)`
}

// Annotate is called from another package with a pod read from the cluster.
func Annotate(pod *corev1.Pod) {
	pod.Annotations["seen"] = "true" // want `write to pod\.Annotations, which may be nil: pod is a parameter and controller\.Reconcile passes &pod \(pod is decoded by r\.Client\.Get\)`
}

// Select is called in its own package with a made selector, and from
// another package with a zero value.
func Select(svc *corev1.Service) {
	svc.Spec.Selector["app"] = "web" // want `write to svc\.Spec\.Selector, which may be nil: svc is a parameter and jobs\.Expose passes &svc`
}

// Web builds a service with a made selector.
func Web() *corev1.Service {
	svc := &corev1.Service{Spec: corev1.ServiceSpec{Selector: map[string]string{}}}
	Select(svc)
	return svc
}

// Note is called from another package with a literal whose annotations are
// the result of a function that returns nil on some path.
func Note(pod *corev1.Pod) {
	pod.Annotations["noted"] = "true" // want `write to pod\.Annotations, which may be nil: pod is a parameter and controller\.Noted passes`
}
