// Package controllers reconciles Pipeline objects.
package controllers

import (
	"context"

	"k8s.io/apimachinery/pkg/types"

	"example.com/defaultswhen/api"
	"example.com/defaultswhen/worker"
)

// Reader reads objects from the API server.
type Reader interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// PipelineReconciler reconciles Pipeline objects.
type PipelineReconciler struct {
	client Reader
}

// Reconcile defaults the object first: the writes under the conditions the
// defaulting made the maps under are safe, here and in the worker it hands
// the object to.
func (r *PipelineReconciler) Reconcile(ctx context.Context, key types.NamespacedName) error {
	var p api.Pipeline
	if err := r.client.Get(ctx, key, &p); err != nil {
		return err
	}
	if err := p.SetDefaults(); err != nil {
		return err
	}
	if !p.Spec.CheckDisabled {
		p.Status.Results["syntax"] = true
	}
	if p.Spec.Mode == "strict" && key.Name != "" {
		p.Status.Strict["name"] = key.Name
	}
	w := worker.New(&p)
	w.Record("run")
	w.RecordStrict("run")
	return nil
}

// ReconcileEarly leaves when checks are disabled: past that the result
// map is there; the strict map is written where the mode is not strict.
func (r *PipelineReconciler) ReconcileEarly(ctx context.Context, key types.NamespacedName) error {
	p := &api.Pipeline{}
	if err := r.client.Get(ctx, key, p); err != nil {
		return err
	}
	if err := p.SetDefaults(); err != nil {
		return err
	}
	for _, name := range []string{"a", "b"} {
		if p.Spec.Mode != "strict" {
			p.Status.Strict[name] = "loose" // want `write to p\.Status\.Strict, which may be nil`
		}
		if p.Spec.CheckDisabled || name == "" {
			continue
		}
		p.Status.Results[name] = true
	}
	return nil
}

// ReconcileNearMisses: a condition that differs, a map made only after a
// return, a condition the defaulting changes, and defaulting on one branch
// or after the write stay reported.
func (r *PipelineReconciler) ReconcileNearMisses(ctx context.Context, key types.NamespacedName, fresh bool) error {
	p := &api.Pipeline{}
	if err := r.client.Get(ctx, key, p); err != nil {
		return err
	}
	if err := p.SetDefaults(); err != nil {
		return err
	}
	if p.Spec.CheckDisabled {
		p.Status.Results["syntax"] = true // want `write to p\.Status\.Results, which may be nil`
	}
	if p.Spec.Mode == "late" {
		p.Status.Late["name"] = key.Name // want `write to p\.Status\.Late, which may be nil`
	}
	q := &api.Pipeline{}
	if err := r.client.Get(ctx, key, q); err != nil {
		return err
	}
	if p.Spec.Mode == "strict" {
		q.Status.Strict["name"] = key.Name // want `write to q\.Status\.Strict, which may be nil`
	}
	q.Relax()
	if q.Spec.Mode == "strict" {
		q.Status.Strict["name"] = key.Name // want `write to q\.Status\.Strict, which may be nil`
	}
	return nil
}

// ReconcileBranch defaults only when the object is new, and another object
// after the write.
func (r *PipelineReconciler) ReconcileBranch(ctx context.Context, key types.NamespacedName, fresh bool) error {
	p := &api.Pipeline{}
	if err := r.client.Get(ctx, key, p); err != nil {
		return err
	}
	if fresh {
		_ = p.SetDefaults()
	}
	if !p.Spec.CheckDisabled {
		p.Status.Results["syntax"] = true // want `write to p\.Status\.Results, which may be nil`
	}
	q := &api.Pipeline{}
	if err := r.client.Get(ctx, key, q); err != nil {
		return err
	}
	if !q.Spec.CheckDisabled {
		q.Status.Results["syntax"] = true // want `write to q\.Status\.Results, which may be nil`
	}
	_ = q.SetDefaults()
	return nil
}
