package controllers

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Builder builds pod templates.
type Builder struct {
	Custom map[string]string
}

// podAnnotations gives nil when nothing is configured.
func (b *Builder) podAnnotations(extra map[string]string) map[string]string {
	annotations := make(map[string]string)
	for k, v := range b.Custom {
		annotations[k] = v
	}
	for k, v := range extra {
		annotations[k] = v
	}
	if len(annotations) == 0 {
		return nil
	}
	return annotations
}

// podTemplate sets the template's annotations to its parameter: nil when
// the caller passes nil.
func podTemplate(annotations map[string]string, role string) *corev1.PodTemplateSpec {
	template := corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{
			Annotations: annotations,
		},
	}
	if role != "" {
		template.Annotations["iam.amazonaws.com/role"] = role // want `write to template\.Annotations, which may be nil: the literal sets Annotations to the parameter annotations, and StatefulSet passes annotations, the result of podAnnotations, which can return nil \(literal_param_map\.go:\d+\)`
	}
	return &template
}

// StatefulSet passes the annotations as podAnnotations gives them.
func (b *Builder) StatefulSet(extra map[string]string, role string) *corev1.PodTemplateSpec {
	annotations := b.podAnnotations(extra)
	return podTemplate(annotations, role)
}

// checkedTemplate: every caller makes the map first.
func checkedTemplate(annotations map[string]string, role string) *corev1.PodTemplateSpec {
	template := corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{
			Annotations: annotations,
		},
	}
	template.Annotations["role"] = role
	return &template
}

// Checked makes the map when podAnnotations gives none.
func (b *Builder) Checked(extra map[string]string, role string) *corev1.PodTemplateSpec {
	annotations := b.podAnnotations(extra)
	if annotations == nil {
		annotations = map[string]string{}
	}
	return checkedTemplate(annotations, role)
}

// guardedTemplate makes its parameter before the literal.
func guardedTemplate(annotations map[string]string, role string) *corev1.PodTemplateSpec {
	if annotations == nil {
		annotations = map[string]string{}
	}
	template := corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{
			Annotations: annotations,
		},
	}
	template.Annotations["role"] = role
	return &template
}

// Guarded passes what may be nil to a template that makes it.
func (b *Builder) Guarded(extra map[string]string, role string) *corev1.PodTemplateSpec {
	return guardedTemplate(b.podAnnotations(extra), role)
}

// madeTemplate's callers pass a made map.
func madeTemplate(annotations map[string]string) *corev1.PodTemplateSpec {
	template := corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{
			Annotations: annotations,
		},
	}
	template.Annotations["made"] = "yes"
	return &template
}

// Made passes a made map.
func Made() *corev1.PodTemplateSpec {
	return madeTemplate(map[string]string{"a": "b"})
}
