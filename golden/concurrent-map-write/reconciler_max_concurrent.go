package p

import "context"

// With MaxConcurrentReconciles above 1 the same reconciler runs several
// requests at once.
type Request struct{ Name string }

type Result struct{}

type Options struct{ MaxConcurrentReconciles int }

type PodReconciler struct {
	seen map[string]int
}

func (r *PodReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	r.seen[req.Name]++ // want "concurrent write to map r.seen: Reconcile runs on several goroutines"
	return Result{}, nil
}

func (r *PodReconciler) Options() Options {
	return Options{MaxConcurrentReconciles: 4}
}
