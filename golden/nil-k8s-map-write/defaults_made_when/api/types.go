// Package api holds the Pipeline custom resource and its defaulting.
package api

import (
	"errors"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// PipelineSpec is the desired state of a Pipeline.
type PipelineSpec struct {
	CheckDisabled bool   `json:"checkDisabled,omitempty"`
	Mode          string `json:"mode,omitempty"`
	Domain        string `json:"domain,omitempty"`
	Image         string `json:"image,omitempty"`
}

// PipelineStatus is the observed state of a Pipeline.
type PipelineStatus struct {
	Results map[string]bool   `json:"results,omitempty"`
	Strict  map[string]string `json:"strict,omitempty"`
	Late    map[string]string `json:"late,omitempty"`
}

// Pipeline is a custom resource read from the API server.
type Pipeline struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              PipelineSpec   `json:"spec,omitempty"`
	Status            PipelineStatus `json:"status,omitempty"`
}

// SetDefaults makes the result map unless checks are disabled, and the
// strict map in strict mode, before anything can return: after the call
// the maps are there whenever those conditions hold. Late is made only
// after a return, so a caller cannot count on it.
func (p *Pipeline) SetDefaults() error {
	if p.Spec.Domain == "" {
		p.Spec.Domain = "cluster.local"
	}
	if !p.Spec.CheckDisabled && p.Status.Results == nil {
		p.Status.Results = make(map[string]bool)
	}
	if p.Spec.Mode == "strict" {
		p.Status.Strict = map[string]string{}
	}
	if p.Spec.Image == "" {
		return errors.New("image is required")
	}
	if p.Spec.Mode == "late" {
		p.Status.Late = map[string]string{}
	}
	return nil
}

// Relax makes the strict map in strict mode and then leaves strict mode:
// the condition no longer tells whether the map was made.
func (p *Pipeline) Relax() {
	if p.Spec.Mode == "strict" {
		p.Status.Strict = map[string]string{}
	}
	p.Spec.Mode = "loose"
}
