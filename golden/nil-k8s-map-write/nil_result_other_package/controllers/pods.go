package controllers

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"example.com/nilresult/api"
)

func podTemplate(c *api.Cluster) *corev1.PodTemplateSpec {
	return &corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{
			Labels:      c.PodLabels(),
			Annotations: c.PodAnnotations(),
		},
	}
}

// The template's annotations are a method's result that can be nil (the
// method is of a type of another package of the module).
func CopyAnnotations(c *api.Cluster, current *corev1.PodTemplateSpec) *corev1.PodTemplateSpec {
	tmpl := podTemplate(c)
	for k, v := range current.Annotations {
		tmpl.Annotations[k] = v // want `write to tmpl.Annotations, which may be nil: tmpl comes from podTemplate, where the literal sets Annotations to the result of c.PodAnnotations, which can return nil`
	}
	return tmpl
}

// Near miss: its labels are always made.
func CopyLabels(c *api.Cluster, current *corev1.PodTemplateSpec) *corev1.PodTemplateSpec {
	tmpl := podTemplate(c)
	for k, v := range current.Labels {
		tmpl.Labels[k] = v
	}
	return tmpl
}
