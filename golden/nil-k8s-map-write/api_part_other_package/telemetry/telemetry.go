// Package telemetry declares the telemetry settings that API objects of
// other packages hold; it declares no API object itself.
package telemetry

// Spec is the telemetry part of an object's spec.
type Spec struct {
	Prometheus *Prometheus `json:"prometheus,omitempty"`
}

// Prometheus configures service monitors.
type Prometheus struct {
	CommonLabels map[string]string `json:"commonLabels,omitempty"`
}

// Options are built by the program, never decoded from the server.
type Options struct {
	Extra map[string]string
}
