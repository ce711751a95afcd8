package api

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

type PodMetadata struct {
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

type ClusterSpec struct {
	PodMetadata *PodMetadata `json:"podMetadata,omitempty"`
}

// Cluster is an API object of the project.
type Cluster struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ClusterSpec `json:"spec,omitempty"`
}

// PodAnnotations is nil when the cluster sets no pod metadata.
func (c *Cluster) PodAnnotations() map[string]string {
	if c.Spec.PodMetadata == nil {
		return nil
	}
	return c.Spec.PodMetadata.Annotations
}

// PodLabels is always made.
func (c *Cluster) PodLabels() map[string]string {
	labels := map[string]string{"app": c.Name}
	return labels
}

// Annotations is a named map type with a method that makes the object's map.
type Annotations map[string]string

// AnnotationsSpec holds the annotations of each component.
type AnnotationsSpec map[string]Annotations

type MirrorSpec struct {
	Annotations Annotations `json:"annotations,omitempty"`
}

// Mirror is an API object of the project.
type Mirror struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              MirrorSpec `json:"spec,omitempty"`
}

// ComponentAnnotations returns the annotations of one component.
func ComponentAnnotations(spec AnnotationsSpec, name string) Annotations {
	return spec[name]
}

// ApplyToObjectMeta makes the object's annotations and adds these.
func (a Annotations) ApplyToObjectMeta(t *metav1.ObjectMeta) {
	if t.Annotations == nil {
		t.Annotations = map[string]string{}
	}
	for k, v := range a {
		t.Annotations[k] = v
	}
}
