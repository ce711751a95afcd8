// Package worker runs the checks of a Pipeline its caller has defaulted.
package worker

import "example.com/defaultswhen/api"

// Worker holds the Pipeline it works on.
type Worker struct {
	Pipeline *api.Pipeline
}

// New returns a Worker for the pipeline.
func New(p *api.Pipeline) *Worker {
	return &Worker{Pipeline: p}
}

// Record writes under the condition the caller's defaulting made the map
// under; the strict map is written without that condition.
func (w *Worker) Record(key string) {
	if !w.Pipeline.Spec.CheckDisabled {
		w.Pipeline.Status.Results[key] = true
	}
	w.Pipeline.Status.Strict[key] = "seen" // want `write to w\.Pipeline\.Status\.Strict, which may be nil`
}

// RecordStrict leaves unless the pipeline is strict, the condition the
// caller's defaulting made the strict map under.
func (w *Worker) RecordStrict(key string) {
	if w.Pipeline.Spec.Mode != "strict" {
		return
	}
	w.Pipeline.Status.Strict[key] = "seen"
}
