package p

import "context"

// Options given as a literal without MaxConcurrentReconciles: the default,
// one worker.
type Request struct{ Name string }

type Result struct{}

type Options struct {
	MaxConcurrentReconciles int
	RecoverPanic            bool
}

type Builder struct{}

func (b *Builder) WithOptions(o Options) *Builder { return b }

func (b *Builder) Complete(r any) error { return nil }

type ClusterReconciler struct {
	seen map[string]int
}

func (r *ClusterReconciler) SetupWithManager(b *Builder) error {
	return b.WithOptions(Options{RecoverPanic: true}).Complete(r)
}

func (r *ClusterReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	r.seen[req.Name]++
	r.forget(req.Name)
	return Result{}, nil
}

func (r *ClusterReconciler) forget(name string) {
	if r.seen[name] > 10 {
		delete(r.seen, name)
	}
}
