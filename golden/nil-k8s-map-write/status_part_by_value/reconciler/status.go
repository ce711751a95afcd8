package reconciler

import (
	"context"

	"example.com/statuspart/api"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type Reconciler struct{}

// ReconcileKind gets each Run as the API server stored it: a Run whose
// status has no task runs decodes with a nil TaskRuns.
func (r *Reconciler) ReconcileKind(ctx context.Context, run *api.Run) error {
	run.Status = recordTaskRuns(run.Status, []string{"build", "test"})
	run.Status = countTaskRuns(run.Status, NewStatus())
	return nil
}

// The status arrives by value: the caller's status, whose map may be nil.
func recordTaskRuns(status api.RunStatus, names []string) api.RunStatus {
	for _, name := range names {
		if _, ok := status.TaskRuns[name]; !ok {
			status.TaskRuns[name] = "pending" // want `write to status.TaskRuns, which may be nil: status is a parameter and ReconcileKind passes run.Status \(run is a parameter\)`
		}
	}
	return status
}

// Near miss: the only caller passes a status built with its maps made.
func countTaskRuns(_ api.RunStatus, fresh api.RunStatus) api.RunStatus {
	fresh.Counts["total"]++
	return fresh
}

// ReconcileChildren gets each Run as the API server stored it too.
func (r *Reconciler) ReconcileChildren(ctx context.Context, run *api.Run) error {
	run.Status = recordChildren(run.Status, []string{"build"})
	return nil
}

// The map's values are of a type of the api package, its keys' times of
// metav1: the fix writes both types as this file names their packages.
func recordChildren(status api.RunStatus, names []string) api.RunStatus {
	for _, name := range names {
		status.Children[name] = &api.ChildStatus{Name: name} // want `write to status.Children, which may be nil: status is a parameter and ReconcileChildren passes run.Status`

		status.Started[name] = metav1.Now() // want `write to status.Started, which may be nil`
	}
	return status
}

// NewStatus builds a status with its maps made.
func NewStatus() api.RunStatus {
	return api.RunStatus{TaskRuns: map[string]string{}, Counts: map[string]int{}}
}
