package p

import (
	"context"
	"sync"
)

// Reconcile fills its map and calls sync, which takes a lock of another
// object and then reads the map: the read still runs on Reconcile's one
// worker, after the write. Holding an unrelated lock does not change which
// goroutine runs a function.
type Request struct{ Name string }

type Result struct{}

type Manager struct{}

type Pod struct{}

type Builder struct{}

func NewControllerManagedBy(mgr Manager) *Builder { return &Builder{} }

func (b *Builder) For(obj any) *Builder { return b }

func (b *Builder) Complete(r any) error { return nil }

type Forest struct {
	sync.Mutex
	names []string
}

type ConfigReconciler struct {
	Forest *Forest
	modes  map[string]int
}

func (r *ConfigReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	r.modes = map[string]int{}
	r.modes[req.Name] = 1
	r.sync()
	return Result{}, nil
}

func (r *ConfigReconciler) sync() {
	r.Forest.Lock()
	defer r.Forest.Unlock()
	r.use()
}

func (r *ConfigReconciler) use() {
	for name := range r.modes {
		r.Forest.names = append(r.Forest.names, name)
	}
}

func (r *ConfigReconciler) SetupWithManager(mgr Manager) error {
	return NewControllerManagedBy(mgr).For(&Pod{}).Complete(r)
}
