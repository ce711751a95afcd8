// Package controllers reconciles features with handlers registered while
// the program starts.
package controllers

import "context"

type Request struct{ Name string }

type Result struct{}

type Manager interface {
	Add(r any) error
	Start(ctx context.Context) error
}

var handlers = map[string]func() error{}

// RegisterFeatures fills the table; main calls it before the manager
// starts the reconcilers that read it.
func RegisterFeatures(names []string) {
	for _, n := range names {
		handlers[n] = func() error { return nil }
	}
}

var seen = map[string]int{}

// Remember is called by main before the manager starts, and by Observe,
// which the reconciler's goroutine runs.
func Remember(name string) {
	seen[name]++ // want "concurrent write to map seen"
}

type FeatureReconciler struct{}

func (r *FeatureReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	if h, ok := handlers[req.Name]; ok {
		return Result{}, h()
	}
	_ = seen[req.Name]
	return Result{}, nil
}

// Observe runs on goroutines of its own for each name.
func Observe(names []string) {
	for _, n := range names {
		go Remember(n)
	}
}
