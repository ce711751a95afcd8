package p

import "context"

// The controller's options come from the caller (main sets the worker
// count): MaxConcurrentReconciles is not known to be 1, so Reconcile may run
// on several workers at once.
type Request struct{ Name string }

type Result struct{}

type Options struct{ MaxConcurrentReconciles int }

type Builder struct{}

func (b *Builder) WithOptions(o Options) *Builder { return b }

func (b *Builder) Complete(r any) error { return nil }

type ClusterReconciler struct {
	seen map[string]int
}

func (r *ClusterReconciler) SetupWithManager(b *Builder, options Options) error {
	return b.WithOptions(options).Complete(r)
}

func (r *ClusterReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	r.seen[req.Name]++ // want "concurrent write to map r.seen: Reconcile runs on several goroutines"
	return Result{}, nil
}
