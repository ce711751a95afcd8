// Package provider declares the scheduler providers the module calls
// through an interface.
package provider

import (
	"context"

	corev1 "k8s.io/api/core/v1"
)

// GroupKey is the annotation that names a pod's group.
const GroupKey = "example.com/group"

// Provider is the module's own interface: its methods are called through
// it by the module's packages.
type Provider interface {
	Inject(pod *corev1.Pod) error
	Mark(pod *corev1.Pod)
	Stamp(pod *corev1.Pod)
	Tag(pod *corev1.Pod)
	Annotate(pod *corev1.Pod)
}

// Volcano implements Provider.
type Volcano struct{}

// Inject is called through Provider only, by callers that checked the
// group annotation (comma-ok) before: the map is made at every call.
func (v *Volcano) Inject(pod *corev1.Pod) error {
	pod.Annotations["example.com/injected"] = pod.Annotations[GroupKey]
	return nil
}

// Mark is called through Provider with a pod read from the cluster, whose
// annotations may be missing.
func (v *Volcano) Mark(pod *corev1.Pod) {
	pod.Annotations["example.com/marked"] = "true" // want `write to pod\.Annotations, which may be nil: pod is a parameter and webhook\.Reconcile passes &pod \(pod is decoded by r\.Client\.Get\)$`
}

// Stamp is declared in Provider but nothing in the module calls it: other
// modules may, with any pod.
func (v *Volcano) Stamp(pod *corev1.Pod) {
	pod.Annotations["example.com/stamped"] = "true" // want `write to pod\.Annotations, which may be nil: pod is a parameter$`
}

// Tag is called with the parameter of a function literal handed to a
// function of another module, which calls it with pods of its own.
func (v *Volcano) Tag(pod *corev1.Pod) {
	pod.Annotations["example.com/tagged"] = "true" // want `write to pod\.Annotations, which may be nil: pod is a parameter$`
}

// Annotate is called through Provider with a checked pod, but a method of
// the same name of another type is called with a pod without annotations:
// the call site does not tell which type it reaches, so that call counts.
func (v *Volcano) Annotate(pod *corev1.Pod) {
	pod.Annotations["example.com/annotated"] = "true" // want `write to pod\.Annotations, which may be nil: pod is a parameter and webhook\.Relay passes &corev1\.Pod\{\} \(the literal does not set Annotations\)$`
}

// Default implements no interface of the module (a framework's webhook
// interface has a method of that name): the framework calls it with pods
// the module cannot show, although the module's own call checks the key.
func (v *Volcano) Default(ctx context.Context, pod *corev1.Pod) error {
	pod.Annotations["example.com/defaulted"] = "true" // want `write to pod\.Annotations, which may be nil: pod is a parameter$`
	return nil
}
