package p

import (
	"context"
	"sync"
)

// Near misses of a Reconcile helper that holds another object's lock: the
// lock does not guard the map where it is written.
type Request struct {
	Name      string
	Namespace string
}

type Result struct{}

type Manager struct{}

type Pod struct{}

type Node struct{}

type Options struct{ MaxConcurrentReconciles int }

type Builder struct{}

func NewControllerManagedBy(mgr Manager) *Builder { return &Builder{} }

func (b *Builder) For(obj any) *Builder { return b }

func (b *Builder) WithOptions(o Options) *Builder { return b }

func (b *Builder) Complete(r any) error { return nil }

type Forest struct {
	sync.Mutex
	names []string
}

// Four workers run Reconcile at once: they write the map at the same time.
type WorkersReconciler struct {
	Forest *Forest
	modes  map[string]int
}

func (r *WorkersReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	r.modes[req.Name] = 1 // want "concurrent write to map r.modes"
	r.sync()
	return Result{}, nil
}

func (r *WorkersReconciler) sync() {
	r.Forest.Lock()
	defer r.Forest.Unlock()
	r.use()
}

func (r *WorkersReconciler) use() {
	for name := range r.modes {
		r.Forest.names = append(r.Forest.names, name)
	}
}

func (r *WorkersReconciler) SetupWithManager(mgr Manager) error {
	return NewControllerManagedBy(mgr).For(&Pod{}).
		WithOptions(Options{MaxConcurrentReconciles: 4}).Complete(r)
}

// Two controllers run the same value's Reconcile: two workers.
type TwiceReconciler struct {
	Forest *Forest
	modes  map[string]int
}

func (r *TwiceReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	r.modes[req.Name] = 1 // want "concurrent write to map r.modes"
	r.sync()
	return Result{}, nil
}

func (r *TwiceReconciler) sync() {
	r.Forest.Lock()
	defer r.Forest.Unlock()
	r.use()
}

func (r *TwiceReconciler) use() {
	for name := range r.modes {
		r.Forest.names = append(r.Forest.names, name)
	}
}

func (r *TwiceReconciler) SetupWithManager(mgr Manager) error {
	if err := NewControllerManagedBy(mgr).For(&Pod{}).Complete(r); err != nil {
		return err
	}
	return NewControllerManagedBy(mgr).For(&Node{}).Complete(r)
}

// The helper takes the lock on a goroutine of its own, which reads the map
// while the worker's next Reconcile writes it.
type GoReconciler struct {
	Forest *Forest
	modes  map[string]int
}

func (r *GoReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	r.modes[req.Name] = 1 // want "concurrent write to map r.modes"
	r.sync()
	return Result{}, nil
}

func (r *GoReconciler) sync() {
	go func() {
		r.Forest.Lock()
		defer r.Forest.Unlock()
		r.use()
	}()
}

func (r *GoReconciler) use() {
	for name := range r.modes {
		r.Forest.names = append(r.Forest.names, name)
	}
}

func (r *GoReconciler) SetupWithManager(mgr Manager) error {
	return NewControllerManagedBy(mgr).For(&Pod{}).Complete(r)
}
