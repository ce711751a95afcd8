// Package api declares the StackSet resource.
package api

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// StackSet is a resource read from the API server.
type StackSet struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              StackSetSpec `json:"spec"`
}

// StackSetSpec is the desired state of a StackSet.
type StackSetSpec struct {
	Replicas int `json:"replicas"`
}
