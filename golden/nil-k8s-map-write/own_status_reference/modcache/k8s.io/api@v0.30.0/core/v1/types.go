// Package v1 is a stub of the core/v1 API types for the golden test.
package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// Secret holds secret data.
type Secret struct {
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Data              map[string][]byte `json:"data,omitempty"`
	StringData        map[string]string `json:"stringData,omitempty"`
}

// ConfigMap holds configuration data.
type ConfigMap struct {
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Data              map[string]string `json:"data,omitempty"`
}
