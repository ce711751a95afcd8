// Package v1 declares the Importer API object.
package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Importer is an object of the cluster.
type Importer struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec ImporterSpec `json:"spec,omitempty"`
}

// ImporterList is a list of importers.
type ImporterList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []Importer `json:"items"`
}

// ImporterSpec holds where the importer's workloads run.
type ImporterSpec struct {
	Workloads NodePlacement `json:"workloads,omitempty"`
}

// NodePlacement selects nodes.
type NodePlacement struct {
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
}
