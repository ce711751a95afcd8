package v1

import (
	"encoding/json"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type WidgetSpec struct {
	Settings map[string]string `json:"settings,omitempty"`
}

type WidgetStatus struct {
	PodPhases map[string]string `json:"podPhases,omitempty"`
	Restarts  map[string]int32  `json:"restarts,omitempty"`
}

type Widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   WidgetSpec   `json:"spec,omitempty"`
	Status WidgetStatus `json:"status,omitempty"`
}

// Default fills in defaults of a widget decoded from an admission request.
func (w *Widget) Default() {
	w.Spec.Settings["color"] = "blue" // want `write to w.Spec.Settings, which may be nil: w is a parameter`

	w.Labels["defaulted"] = "true" // want `write to w.Labels`
}

func record(w *Widget, pod string, phase string) {
	w.Status.PodPhases[pod] = phase // want `write to w.Status.PodPhases`

	w.Status.Restarts[pod]++ // want `write to w.Status.Restarts`
}

// observe records a phase on a widget decoded from JSON: its status comes
// without maps when the input has none.
func observe(data []byte, pod, phase string) error {
	var w Widget
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	record(&w, pod, phase)
	return nil
}
