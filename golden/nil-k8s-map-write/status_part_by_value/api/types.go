// Package api declares the Run resource.
package api

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// RunStatus is the observed state of a Run.
type RunStatus struct {
	TaskRuns map[string]string `json:"taskRuns,omitempty"`
	Counts   map[string]int    `json:"counts,omitempty"`
	// Children maps to a type of this package: a reader in another package
	// writes it as map[string]*api.ChildStatus.
	Children map[string]*ChildStatus `json:"children,omitempty"`
	// Started maps to a type of another package the API file imports.
	Started map[string]metav1.Time `json:"started,omitempty"`
}

// ChildStatus is the state of one child of a Run.
type ChildStatus struct {
	Name string `json:"name"`
}

// Run is a resource read from the API server.
type Run struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Status            RunStatus `json:"status,omitempty"`
}
