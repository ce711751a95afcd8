package controllers

import (
	"context"
	"errors"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

type dbReader interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

type ReplsetStatus struct {
	Ready bool `json:"ready"`
}

type DBStatus struct {
	Replsets map[string]ReplsetStatus `json:"replsets,omitempty"`
}

// DB is a custom resource read from the API server.
type DB struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Image             string   `json:"image"`
	Status            DBStatus `json:"status,omitempty"`
}

// CheckNSetDefaults validates first (every return before the make gives an
// error) and then makes the status map: when it returns nil, the map is made.
func (cr *DB) CheckNSetDefaults() error {
	if cr.Image == "" {
		return errors.New("image is required")
	}
	if err := validateName(cr.Name); err != nil {
		return err
	}
	if cr.Status.Replsets == nil {
		cr.Status.Replsets = make(map[string]ReplsetStatus)
	}
	return nil
}

func validateName(name string) error {
	if name == "" {
		return errors.New("name is required")
	}
	return nil
}

type DBReconciler struct {
	client dbReader
}

// Reconcile leaves when the defaults fail: past the call the map is made,
// here and in the helper it hands the object to.
func (r *DBReconciler) Reconcile(ctx context.Context, key types.NamespacedName) error {
	cr := &DB{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.CheckNSetDefaults(); err != nil {
		return err
	}
	cr.Status.Replsets["rs0"] = ReplsetStatus{Ready: true}
	r.markReady(cr)
	return nil
}

func (r *DBReconciler) markReady(cr *DB) {
	cr.Status.Replsets["rs1"] = ReplsetStatus{Ready: true}
}

// Near miss: the error of the defaults is dropped, so the write may run
// after a return that left the map nil.
func (r *DBReconciler) ReconcileLoose(ctx context.Context, key types.NamespacedName) error {
	cr := &DB{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	_ = cr.CheckNSetDefaults()
	cr.Status.Replsets["rs0"] = ReplsetStatus{Ready: true} // want `write to cr\.Status\.Replsets, which may be nil: cr is decoded by r\.client\.Get`
	return nil
}
