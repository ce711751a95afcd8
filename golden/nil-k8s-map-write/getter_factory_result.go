package controllers

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// GetLabels() of a function's result (or of its DeepCopy) is the promoted
// getter of the type the function declares: judged as its Labels field, by
// what the function returns.

func labelledSecret(ns string) *corev1.Secret {
	return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Labels: map[string]string{"app": ns}}}
}

func bareSecret(ns string) *corev1.Secret {
	return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns}}
}

func maybeLabelled(ns string, labelled bool) *corev1.Secret {
	if labelled {
		return labelledSecret(ns)
	}
	return bareSecret(ns)
}

func made(ns string) {
	s := labelledSecret(ns)
	labels := s.GetLabels()
	labels["made"] = "true"
}

func madeCopy(ns string) {
	s := labelledSecret(ns)
	sec := s.DeepCopy()
	labels := sec.GetLabels()
	labels["copy"] = "true"
}

func madeCallCopy(ns string) {
	sec := labelledSecret(ns).DeepCopy()
	sec.Labels["copy"] = "true"
	annotations := sec.GetAnnotations()
	annotations["copy"] = "true" // want `write to annotations, which is nil when sec.GetAnnotations\(\) is`
}

func bare(ns string) {
	s := bareSecret(ns)
	labels := s.GetLabels()
	labels["bare"] = "true" // want `write to labels, which is nil when s.GetLabels\(\) is`
}

func bareCallCopy(ns string) {
	sec := bareSecret(ns).DeepCopy()
	sec.Labels["copy"] = "true" // want `write to sec.Labels, which may be nil: sec is a DeepCopy of bareSecret\(ns\), and sec comes from bareSecret, where the literal does not set Labels`
}

func sometimes(ns string) {
	sec := maybeLabelled(ns, true).DeepCopy()
	labels := sec.GetLabels()
	labels["maybe"] = "true" // want `write to labels, which is nil when sec.GetLabels\(\) is`
}

// A reconciler holds the secret it builds; a DeepCopy of that field has its maps.
type holder struct {
	secret *corev1.Secret
}

func newHolder(ns string) *holder {
	return &holder{secret: labelledSecret(ns)}
}

func (h *holder) relabel() {
	sec := h.secret.DeepCopy()
	labels := sec.GetLabels()
	labels["held"] = "true"
}

// The same shape where some stored value lacks the map stays reported.
type looseHolder struct {
	secret *corev1.Secret
}

func newLooseHolder(ns string, labelled bool) *looseHolder {
	if labelled {
		return &looseHolder{secret: labelledSecret(ns)}
	}
	return &looseHolder{secret: bareSecret(ns)}
}

func (h *looseHolder) relabel() {
	sec := h.secret.DeepCopy()
	labels := sec.GetLabels()
	labels["held"] = "true" // want `write to labels, which is nil when sec.GetLabels\(\) is`
}

func UseFactories(ns string) {
	made(ns)
	madeCopy(ns)
	madeCallCopy(ns)
	bare(ns)
	bareCallCopy(ns)
	sometimes(ns)
	newHolder(ns).relabel()
	newLooseHolder(ns, false).relabel()
}
