package controllers

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type PodMeta struct {
	Annotations map[string]string
}

type Cluster struct {
	Name    string
	PodMeta *PodMeta
}

// PodAnnotations returns nil when the cluster sets no pod metadata.
func (c *Cluster) PodAnnotations() map[string]string {
	if c.PodMeta == nil {
		return nil
	}
	return c.PodMeta.Annotations
}

// PodLabels always returns a made map.
func (c *Cluster) PodLabels() map[string]string {
	return map[string]string{"app": c.Name}
}

func selectorLabels(c *Cluster) map[string]string {
	if c.Name == "" {
		return nil
	}
	return map[string]string{"cluster": c.Name}
}

func podTemplate(c *Cluster) *corev1.PodTemplateSpec {
	return &corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{
			Labels:      c.PodLabels(),
			Annotations: c.PodAnnotations(),
		},
	}
}

func statefulSet(c *Cluster) (*appsv1.StatefulSet, error) {
	pod := podTemplate(c)
	sts := &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Labels: selectorLabels(c)},
		Spec:       appsv1.StatefulSetSpec{Template: *pod},
	}
	return sts, nil
}

// The literal sets the annotations to a method's result that can be nil.
func CopyTemplateAnnotations(c *Cluster, current *appsv1.StatefulSet) {
	tmpl := podTemplate(c)
	for k, v := range current.Spec.Template.Annotations {
		tmpl.Annotations[k] = v // want `write to tmpl.Annotations, which may be nil: tmpl comes from podTemplate, where the literal sets Annotations to the result of PodAnnotations, which can return nil`
	}
}

// The literal sets the pod template to a value built elsewhere: its maps
// are that value's.
func CopyStatefulSetAnnotations(c *Cluster, current *appsv1.StatefulSet) error {
	sts, err := statefulSet(c)
	if err != nil {
		return err
	}
	for k, v := range current.Spec.Template.Annotations {
		sts.Spec.Template.Annotations[k] = v // want `write to sts.Spec.Template.Annotations, which may be nil: sts comes from statefulSet, where the literal sets Template to pod, and pod comes from podTemplate, where the literal sets Annotations to the result of PodAnnotations`
	}
	sts.Labels["copied"] = "true" // want `write to sts.Labels, which may be nil: sts comes from statefulSet, where the literal sets Labels to the result of selectorLabels, which can return nil`
	return nil
}

// Near misses: a result that is never nil, a part built with the map, and
// a map checked before the write.
func LabelTemplate(c *Cluster) {
	tmpl := podTemplate(c)
	tmpl.Labels["seen"] = "true"
	sts, _ := statefulSet(c)
	sts.Spec.Template.Labels["seen"] = "true"
}

func labelled() *corev1.PodTemplateSpec {
	return &corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{"made": "true"}},
	}
}

func deployment() *appsv1.Deployment {
	pod := labelled()
	return &appsv1.Deployment{Spec: appsv1.DeploymentSpec{Template: *pod}}
}

func AnnotateDeployment() {
	d := deployment()
	d.Spec.Template.Annotations["seen"] = "true"
}

func AnnotateChecked(c *Cluster) {
	tmpl := podTemplate(c)
	if tmpl.Annotations == nil {
		tmpl.Annotations = map[string]string{}
	}
	tmpl.Annotations["seen"] = "true"
}
