package controllers

import "context"

// The reconciler's own controller options are the defaults: the manager's
// controller configuration decides how many workers run Reconcile.
type Request struct{ Name string }

type Result struct{}

type PoolReconciler struct {
	seen map[string]int
}

func (r *PoolReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	r.seen[req.Name]++ // want "concurrent write to map r.seen: Reconcile runs on several goroutines"
	return Result{}, nil
}
