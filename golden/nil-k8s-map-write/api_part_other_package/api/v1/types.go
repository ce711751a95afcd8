// Package v1 declares the Widget API object.
package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"example.com/apipart/telemetry"
)

// Widget is an object of the cluster.
type Widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec WidgetSpec `json:"spec,omitempty"`
}

// WidgetSpec embeds the template the widget shares with others.
type WidgetSpec struct {
	Template `json:",inline"`
}

// Template holds the telemetry settings.
type Template struct {
	Telemetry *telemetry.Spec `json:"telemetry,omitempty"`
}
