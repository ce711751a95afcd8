// Package v1 declares the project's API types.
package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// Job is an API object of the project.
type Job struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              JobSpec `json:"spec,omitempty"`
}

// JobSpec is what a Job runs.
type JobSpec struct {
	Image string `json:"image,omitempty"`
}

// Task is an API object with a getter of its own.
type Task struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	extra             map[string]string
}

// GetLabels answers the task's own labels, not ObjectMeta's.
func (t *Task) GetLabels() map[string]string {
	return t.extra
}
