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
