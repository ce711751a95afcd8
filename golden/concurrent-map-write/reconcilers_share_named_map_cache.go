package p

import "context"

// Two controllers' reconcilers run at the same time and both fill a package
// cache of a named map type through its methods: the method calls are the
// writes and reads of that one map.
type Request struct{ Name string }

type Result struct{}

type kindCache map[string]string

func (c kindCache) add(name, kind string) { c[name] = kind }

func (c kindCache) get(name string) string { return c[name] }

var kinds = make(kindCache)

func kindOf(name string) string {
	if kind := kinds.get(name); kind != "" {
		return kind
	}
	kinds.add(name, "Pod") // want "concurrent write to map kinds: kindOf runs on several goroutines without a lock"
	return "Pod"
}

type PodReconciler struct{}

func (r *PodReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	_ = kindOf(req.Name)
	return Result{}, nil
}

type NodeReconciler struct{}

func (r *NodeReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	_ = kindOf(req.Name)
	return Result{}, nil
}
