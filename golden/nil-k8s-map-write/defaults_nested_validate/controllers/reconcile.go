// Package controllers reconciles DB objects of the api package.
package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/types"

	"example.com/nestedvalidate/api"
)

// Reader reads objects from the API server.
type Reader interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// DBReconciler reconciles DB objects.
type DBReconciler struct {
	client Reader
}

// Reconcile leaves when the defaults fail: past them the PXC claim's
// requests hold the storage key, here and in the helper it hands cr to.
func (r *DBReconciler) Reconcile(ctx context.Context, key types.NamespacedName) error {
	o := &api.DB{}
	if err := r.client.Get(ctx, key, o); err != nil {
		return err
	}
	err := o.CheckNSetDefaults()
	if err != nil {
		return err
	}
	return r.resize(o, resource.MustParse("2Gi"))
}

func (r *DBReconciler) resize(cr *api.DB, size resource.Quantity) error {
	cr.Spec.PXC.VolumeSpec.PersistentVolumeClaim.Resources.Requests[corev1.ResourceStorage] = size
	cr.Spec.PXC.VolumeSpec.PersistentVolumeClaim.Resources.Limits[corev1.ResourceStorage] = size // want `write to cr\.Spec\.PXC\.VolumeSpec\.PersistentVolumeClaim\.Resources\.Limits, which may be nil`
	return nil
}

// ReconcileProxy defaults a copy of the proxy's volume: cr's own label map
// may still be nil.
func (r *DBReconciler) ReconcileProxy(ctx context.Context, key types.NamespacedName) error {
	cr := &api.DB{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.DefaultProxy(); err != nil {
		return err
	}
	cr.Spec.Proxy.VolumeSpec.Labels["tier"] = "proxy" // want `write to cr\.Spec\.Proxy\.VolumeSpec\.Labels, which may be nil`
	return nil
}

// ReconcileBackup: the validation returns nil without looking at the
// backup volume when there is no backup.
func (r *DBReconciler) ReconcileBackup(ctx context.Context, key types.NamespacedName) error {
	cr := &api.DB{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.ValidateBackup(); err != nil {
		return err
	}
	cr.Spec.Backup.VolumeSpec.PersistentVolumeClaim.Resources.Requests[corev1.ResourceStorage] = resource.MustParse("1Gi") // want `write to cr\.Spec\.Backup\.VolumeSpec\.PersistentVolumeClaim\.Resources\.Requests, which may be nil`
	return nil
}

// ReconcileProxyInPlace defaults the proxy's volume of cr itself.
func (r *DBReconciler) ReconcileProxyInPlace(ctx context.Context, key types.NamespacedName) error {
	cr := &api.DB{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.DefaultProxyInPlace(); err != nil {
		return err
	}
	cr.Spec.Proxy.VolumeSpec.Labels["tier"] = "proxy"
	return nil
}

// ReconcileBackupCopy: the validation checked a copy that no longer shares
// cr's backup spec.
func (r *DBReconciler) ReconcileBackupCopy(ctx context.Context, key types.NamespacedName) error {
	cr := &api.DB{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.ValidateBackupCopy(); err != nil {
		return err
	}
	cr.Spec.Backup.VolumeSpec.PersistentVolumeClaim.Resources.Requests[corev1.ResourceStorage] = resource.MustParse("1Gi") // want `write to cr\.Spec\.Backup\.VolumeSpec\.PersistentVolumeClaim\.Resources\.Requests, which may be nil`
	return nil
}
