package p

import "context"

// One reconciler, registered once with default options: one worker runs
// every Reconcile, so its package cache of a named map type is touched by
// one goroutine.
type Request struct{ Name string }

type Result struct{}

type kindCache map[string]string

func (c kindCache) add(name, kind string) { c[name] = kind }

func (c kindCache) get(name string) string { return c[name] }

var kinds = kindCache{}

func kindOf(name string) string {
	if kind := kinds.get(name); kind != "" {
		return kind
	}
	kinds.add(name, "Pod")
	return "Pod"
}

type PodReconciler struct{}

func (r *PodReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	_ = kindOf(req.Name)
	return Result{}, nil
}
