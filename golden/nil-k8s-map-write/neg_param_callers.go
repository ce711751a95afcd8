package controllers

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A parameter is not evidence on its own: every caller of stamp passes an
// object it built with the labels made, so the write cannot see nil.
func stamp(pod *corev1.Pod, value string) {
	pod.Labels["stamp"] = value
}

func newPod(name string) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{}}}
	stamp(pod, "1")
	return pod
}

func newLabelledPod(name string, labels map[string]string) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	stamp(pod, name)
	return pod
}

// scale has no caller in the package and is not exported: nothing passes it
// an object at all.
func scale(dep *appsv1.Deployment) {
	dep.Spec.Template.Labels["scaled"] = "true"
}

// The parameter of a callback is the object its caller hands it: here the
// caller made the labels before handing the pod over.
func patch(pod *corev1.Pod, mutate func(*corev1.Pod)) {
	mutate(pod)
}

func Tag(pod *corev1.Pod) {
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	patch(pod, func(p *corev1.Pod) {
		p.Labels["tagged"] = "true"
	})
}
