package controllers

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"example.com/nilresult/api"
)

// The method of the call's result type (a named map type of another
// package of the module) makes the annotations.
func AppliedFromCall(spec api.AnnotationsSpec) *corev1.PodTemplateSpec {
	pod := &corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Name: "mgr"}}
	api.ComponentAnnotations(spec, "mgr").ApplyToObjectMeta(&pod.ObjectMeta)
	pod.Annotations["applied"] = "true"
	return pod
}

// So does the method of an API object's field of that type.
func AppliedFromField(m *api.Mirror) *corev1.PodTemplateSpec {
	pod := &corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Name: "mirror"}}
	m.Spec.Annotations.ApplyToObjectMeta(&pod.ObjectMeta)
	pod.Annotations["applied"] = "true"
	return pod
}

// A part handed to a function value before it is copied into the
// literal: what it does with the map cannot be read.
func deploymentFor(mutate func(*metav1.ObjectMeta)) *appsv1.Deployment {
	podSpec := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Name: "mutated"}}
	mutate(&podSpec.ObjectMeta)
	return &appsv1.Deployment{Spec: appsv1.DeploymentSpec{Template: podSpec}}
}

func Mutated(mutate func(*metav1.ObjectMeta)) *appsv1.Deployment {
	d := deploymentFor(mutate)
	d.Spec.Template.Annotations["seen"] = "true"
	return d
}

// Near miss: a part copied into the literal as built, without annotations.
func deploymentPlain() *appsv1.Deployment {
	podSpec := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Name: "plain"}}
	return &appsv1.Deployment{Spec: appsv1.DeploymentSpec{Template: podSpec}}
}

func Plain() *appsv1.Deployment {
	d := deploymentPlain()
	d.Spec.Template.Annotations["seen"] = "true" // want `write to d.Spec.Template.Annotations, which may be nil: d comes from deploymentPlain, where the literal sets Template to podSpec, and podSpec's literal does not set Annotations`
	return d
}

// So does the method of such a field reached through a field of the
// reconciler (a struct that is not an API type).
type mirrorReconciler struct {
	mirror *api.Mirror
}

func (r *mirrorReconciler) AppliedThroughHolder() *corev1.PodTemplateSpec {
	pod := &corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Name: "held"}}
	r.mirror.Spec.Annotations.ApplyToObjectMeta(&pod.ObjectMeta)
	pod.Annotations["applied"] = "true"
	return pod
}
