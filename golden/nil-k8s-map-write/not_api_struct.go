package controllers

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Widget is an API object of the package, WidgetSpec a struct it holds.
type Widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              WidgetSpec `json:"spec"`
}

type WidgetSpec struct {
	Selector map[string]string `json:"selector,omitempty"`
}

// Recorder is no API object: nothing decodes it from the API server, and
// its constructor makes the map.
type Recorder struct {
	calls map[string]int
}

func NewRecorder() *Recorder {
	return &Recorder{calls: map[string]int{}}
}

func (r *Recorder) Record(reason string) {
	r.calls[reason]++
}

// A struct held by an API object comes from the API server with it.
func (s *WidgetSpec) Select(key, value string) {
	s.Selector[key] = value // want `write to s.Selector, which may be nil: s is a parameter`
}

// A literal that leaves the map out is nil whatever the type.
func count() {
	r := Recorder{}
	r.calls["x"]++ // want `write to r.calls, which may be nil: r's literal does not set calls`
}
