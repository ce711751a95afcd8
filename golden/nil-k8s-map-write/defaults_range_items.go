package controllers

import (
	"context"
	"errors"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

type setReader interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

type SetSpec struct {
	Name   string            `json:"name"`
	Config map[string]string `json:"config,omitempty"`
}

type ClusterSpec struct {
	Sets    []*SetSpec `json:"sets,omitempty"`
	Extra   []SetSpec  `json:"extra,omitempty"`
	Primary *SetSpec   `json:"primary,omitempty"`
}

// Cluster is a custom resource read from the API server.
type Cluster struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ClusterSpec `json:"spec,omitempty"`
}

// validate returns an error unless the set's Config holds "engine": a key
// found in a map means the map is not nil.
func (s *SetSpec) validate() error {
	if _, ok := s.Config["engine"]; !ok {
		return errors.New("engine is required")
	}
	return nil
}

// CheckNSetDefaults validates every element of the slice it ranges over
// and returns the error: when it returns nil, every set's Config is there.
func (cr *Cluster) CheckNSetDefaults() error {
	for _, rs := range cr.Spec.Sets {
		if err := rs.validate(); err != nil {
			return err
		}
	}
	return nil
}

// CheckSome skips some elements before their check: no proof for them.
func (cr *Cluster) CheckSome() error {
	for _, rs := range cr.Spec.Sets {
		if rs.Name == "" {
			continue
		}
		if err := rs.validate(); err != nil {
			return err
		}
	}
	return nil
}

type ClusterReconciler struct {
	client setReader
}

// Reconcile leaves when the defaults fail: past the call every set's map
// holds a key, here and in the helper it hands the object to.
func (r *ClusterReconciler) Reconcile(ctx context.Context, key types.NamespacedName) error {
	cr := &Cluster{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.CheckNSetDefaults(); err != nil {
		return err
	}
	for _, rs := range cr.Spec.Sets {
		rs.Config["reconciled"] = "true"
	}
	r.resize(cr)
	return nil
}

func (r *ClusterReconciler) resize(cr *Cluster) {
	for _, rs := range cr.Spec.Sets {
		rs.Config["size"] = "10Gi"
	}
}

// Near miss: the check skips the sets without a name, whose maps may be nil.
func (r *ClusterReconciler) ReconcileSome(ctx context.Context, key types.NamespacedName) error {
	cr := &Cluster{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.CheckSome(); err != nil {
		return err
	}
	for _, rs := range cr.Spec.Sets {
		rs.Config["reconciled"] = "true" // want `write to rs\.Config, which may be nil: rs is an item of cr\.Spec\.Sets`
	}
	return nil
}

// Near miss: the other slice is not checked by the defaults.
func (r *ClusterReconciler) ReconcileExtra(ctx context.Context, key types.NamespacedName) error {
	cr := &Cluster{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.CheckNSetDefaults(); err != nil {
		return err
	}
	for _, rs := range cr.Spec.Extra {
		rs.Config["reconciled"] = "true" // want `write to rs\.Config, which may be nil: rs is an item of cr\.Spec\.Extra`
	}
	return nil
}

// CheckCopies ranges over a slice of structs: x is a copy of each element,
// and the map it makes when nil is the copy's, not the element's.
func (cr *Cluster) CheckCopies() error {
	for _, rs := range cr.Spec.Extra {
		if rs.Config == nil {
			rs.Config = map[string]string{}
		}
	}
	return nil
}

// Near miss: the defaults made maps in copies of the elements.
func (r *ClusterReconciler) ReconcileCopies(ctx context.Context, key types.NamespacedName) error {
	cr := &Cluster{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.CheckCopies(); err != nil {
		return err
	}
	for _, rs := range cr.Spec.Extra {
		rs.Config["reconciled"] = "true" // want `write to rs\.Config, which may be nil: rs is an item of cr\.Spec\.Extra`
	}
	return nil
}

// Near miss: a set is added after the check, its map not checked.
func (r *ClusterReconciler) ReconcileAdded(ctx context.Context, key types.NamespacedName) error {
	cr := &Cluster{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.CheckNSetDefaults(); err != nil {
		return err
	}
	r.grow(cr)
	return nil
}

// grow's caller checked the sets it had; the set grow appends has no map.
func (r *ClusterReconciler) grow(cr *Cluster) {
	cr.Spec.Sets = append(cr.Spec.Sets, &SetSpec{Name: "new"})
	for _, rs := range cr.Spec.Sets {
		rs.Config["size"] = "10Gi" // want `write to rs\.Config, which may be nil: rs is an item of cr\.Spec\.Sets`
	}
}

// Near miss: a caller passes a set built without the map.
func (r *ClusterReconciler) ReconcileBuilt() {
	r.label(&Cluster{Spec: ClusterSpec{Sets: []*SetSpec{{Name: "a"}}}})
}

func (r *ClusterReconciler) label(cr *Cluster) {
	for _, rs := range cr.Spec.Sets {
		rs.Config["owner"] = "me" // want `write to rs\.Config, which may be nil: rs is an item of cr\.Spec\.Sets`
	}
}

// CheckAll ranges over a local that holds the sets and is only grown: it
// checks every set of the spec (and the primary).
func (cr *Cluster) CheckAll() error {
	all := cr.Spec.Sets
	if cr.Spec.Primary != nil {
		all = append(all, cr.Spec.Primary)
	}
	for _, rs := range all {
		if err := rs.validate(); err != nil {
			return err
		}
	}
	return nil
}

// CheckOthers ranges over a local that may hold other sets.
func (cr *Cluster) CheckOthers(others []*SetSpec) error {
	all := cr.Spec.Sets
	if len(others) > 0 {
		all = others
	}
	for _, rs := range all {
		if err := rs.validate(); err != nil {
			return err
		}
	}
	return nil
}

func (r *ClusterReconciler) ReconcileAll(ctx context.Context, key types.NamespacedName) error {
	cr := &Cluster{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.CheckAll(); err != nil {
		return err
	}
	for _, rs := range cr.Spec.Sets {
		rs.Config["reconciled"] = "true"
	}
	return nil
}

// Near miss: the sets checked may be others.
func (r *ClusterReconciler) ReconcileOthers(ctx context.Context, key types.NamespacedName, others []*SetSpec) error {
	cr := &Cluster{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.CheckOthers(others); err != nil {
		return err
	}
	for _, rs := range cr.Spec.Sets {
		rs.Config["reconciled"] = "true" // want `write to rs\.Config, which may be nil: rs is an item of cr\.Spec\.Sets`
	}
	return nil
}

// Near miss: only the first set's map is made before the loop.
func (r *ClusterReconciler) ReconcileFirst(ctx context.Context, key types.NamespacedName) error {
	cr := &Cluster{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if len(cr.Spec.Sets) > 0 && cr.Spec.Sets[0].Config == nil {
		cr.Spec.Sets[0].Config = map[string]string{}
	}
	for _, rs := range cr.Spec.Sets {
		rs.Config["reconciled"] = "true" // want `write to rs\.Config, which may be nil: rs is an item of cr\.Spec\.Sets`
	}
	return nil
}
