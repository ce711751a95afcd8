package controllers

import (
	"context"
	"errors"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

type diskReader interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

type DiskSpec struct {
	Size   string            `json:"size"`
	Labels map[string]string `json:"labels,omitempty"`
}

type DiskClusterSpec struct {
	Disk *DiskSpec `json:"disk,omitempty"`
}

// DiskCluster is a custom resource read from the API server.
type DiskCluster struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              DiskClusterSpec `json:"spec,omitempty"`
}

// CheckNSetDefaults returns an error unless the disk's Labels hold "tier".
func (cr *DiskCluster) CheckNSetDefaults() error {
	if cr.Spec.Disk == nil {
		return errors.New("disk is required")
	}
	if _, ok := cr.Spec.Disk.Labels["tier"]; !ok {
		return errors.New("disk tier is required")
	}
	return nil
}

type DiskReconciler struct {
	client diskReader
}

// Reconcile leaves when the defaults fail; the object goes on through five
// calls to the write, and every caller on the way hands it on unchanged.
func (r *DiskReconciler) Reconcile(ctx context.Context, key types.NamespacedName) error {
	cr := &DiskCluster{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.CheckNSetDefaults(); err != nil {
		return err
	}
	return r.reconcileSets(cr)
}

// Near miss: this entry never runs the defaults, so the map may be nil
// below the same five calls.
func (r *DiskReconciler) Resize(ctx context.Context, key types.NamespacedName) error {
	cr := &DiskCluster{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	return r.resizeSets(cr)
}

func (r *DiskReconciler) reconcileSets(cr *DiskCluster) error {
	return r.reconcileSet(cr)
}

func (r *DiskReconciler) reconcileSet(cr *DiskCluster) error {
	return r.reconcileStatefulSet(cr)
}

func (r *DiskReconciler) reconcileStatefulSet(cr *DiskCluster) error {
	return r.reconcileVolumes(cr)
}

func (r *DiskReconciler) reconcileVolumes(cr *DiskCluster) error {
	return r.resizeVolume(cr)
}

func (r *DiskReconciler) resizeVolume(cr *DiskCluster) error {
	cr.Spec.Disk.Labels["resized"] = "true"
	return nil
}

func (r *DiskReconciler) resizeSets(cr *DiskCluster) error {
	return r.resizeSet(cr)
}

func (r *DiskReconciler) resizeSet(cr *DiskCluster) error {
	return r.resizeStatefulSet(cr)
}

func (r *DiskReconciler) resizeStatefulSet(cr *DiskCluster) error {
	return r.resizeVolumes(cr)
}

func (r *DiskReconciler) resizeVolumes(cr *DiskCluster) error {
	return r.resizeOne(cr)
}

func (r *DiskReconciler) resizeOne(cr *DiskCluster) error {
	cr.Spec.Disk.Labels["resized"] = "true" // want `write to cr\.Spec\.Disk\.Labels, which may be nil`
	return nil
}
