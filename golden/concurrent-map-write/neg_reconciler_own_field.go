package p

import "context"

// One reconciler runs one request at a time (MaxConcurrentReconciles is 1
// unless set): a map field only its Reconcile touches is not shared.
type Request struct{ Name string }

type Result struct{}

type PodReconciler struct {
	seen map[string]int
}

func (r *PodReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	r.seen[req.Name]++
	return Result{}, nil
}
