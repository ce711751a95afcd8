// Package api declares the Run resource.
package api

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// RunStatus is the observed state of a Run.
type RunStatus struct {
	TaskRuns map[string]string `json:"taskRuns,omitempty"`
	Counts   map[string]int    `json:"counts,omitempty"`
}

// Run is a resource read from the API server.
type Run struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Status            RunStatus `json:"status,omitempty"`
}
