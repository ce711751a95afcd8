// Package controllers reconciles DB objects of the api package.
package controllers

import (
	"context"

	"k8s.io/apimachinery/pkg/types"

	"example.com/defaultsapi/api"
)

// Reader reads objects from the API server.
type Reader interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// DBReconciler reconciles DB objects.
type DBReconciler struct {
	client Reader
}

// Reconcile leaves when the defaults of the api package fail: past the
// call the replica-set map is made, here and in the helper it hands the
// object to.
func (r *DBReconciler) Reconcile(ctx context.Context, key types.NamespacedName) error {
	cr := &api.DB{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.CheckNSetDefaults(); err != nil {
		return err
	}
	cr.Status.Replsets["rs0"] = api.ReplsetStatus{Ready: true}
	r.markReady(cr)
	cr.Status.Members["rs0"] = "primary" // want `write to cr\.Status\.Members, which may be nil: cr is decoded by r\.client\.Get`
	return nil
}

func (r *DBReconciler) markReady(cr *api.DB) {
	cr.Status.Replsets["rs1"] = api.ReplsetStatus{Ready: true}
}

// ReconcileMembers hands the object to a helper of this package that calls
// the api package's method making the member map.
func (r *DBReconciler) ReconcileMembers(ctx context.Context, key types.NamespacedName) error {
	cr := &api.DB{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	prepare(cr)
	cr.Status.Members["rs0"] = "primary"
	return nil
}

func prepare(cr *api.DB) {
	cr.EnsureMembers()
}

// ReconcileLoose drops the error of the defaults, so the write may run
// after a return that left the map nil.
func (r *DBReconciler) ReconcileLoose(ctx context.Context, key types.NamespacedName) error {
	var cr api.DB
	if err := r.client.Get(ctx, key, &cr); err != nil {
		return err
	}
	_ = cr.CheckNSetDefaults()
	cr.Status.Replsets["rs0"] = api.ReplsetStatus{Ready: true} // want `write to cr\.Status\.Replsets, which may be nil: cr is decoded by r\.client\.Get`
	return nil
}
