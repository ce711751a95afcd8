// Package v1 declares the project's API types.
package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// Cluster is an API object of the project.
type Cluster struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ClusterSpec `json:"spec,omitempty"`
}

// ClusterSpec holds the settings.
type ClusterSpec struct {
	Settings *Settings `json:"settings,omitempty"`
}

// Settings are named values.
type Settings struct {
	data map[string]string
}

// ensure makes the map when it is nil.
func (s *Settings) ensure() {
	if s == nil {
		return
	}
	if s.data == nil {
		s.data = make(map[string]string)
	}
}

// reset may leave the map nil.
func (s *Settings) reset(keep bool) {
	if !keep {
		s.data = nil
	}
}

// Set stores a value after ensure made the map.
func (s *Settings) Set(key, value string) *Settings {
	if s == nil {
		return s
	}
	s.ensure()
	s.data[key] = value
	return s
}

// Replace stores a value after a reset that may drop the map.
func (s *Settings) Replace(key, value string) {
	s.reset(false)
	s.data[key] = value // want `write to s\.data, which may be nil: s is a parameter`
}
