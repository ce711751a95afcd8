package p

import "context"

// Two controllers' reconcilers run at the same time: a package-level cache
// that both touch is shared between goroutines.
type Request struct{ Name string }

type Result struct{}

var owners = map[string]string{}

type PodReconciler struct{}

func (r *PodReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	owners[req.Name] = "pod" // want "concurrent write to map owners: Reconcile runs on several goroutines"
	return Result{}, nil
}

type NodeReconciler struct{}

func (r *NodeReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	if owners[req.Name] == "" {
		return Result{}, nil
	}
	return Result{}, nil
}
