package controllers

import (
	"context"
	"encoding/json"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/types"
)

// PVCClient reads claims and claim lists from the API server.
type PVCClient interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
	List(ctx context.Context, list any) error
}

// Resize grows a claim read from the server: the API server rejects a
// claim without spec.resources.requests[storage], so Requests is there.
func Resize(ctx context.Context, c PVCClient, key types.NamespacedName, size resource.Quantity) error {
	var pvc corev1.PersistentVolumeClaim
	if err := c.Get(ctx, key, &pvc); err != nil {
		return err
	}
	pvc.Spec.Resources.Requests[corev1.ResourceStorage] = size
	pvc.Spec.Resources.Limits[corev1.ResourceStorage] = size // want `write to pvc\.Spec\.Resources\.Limits, which may be nil: pvc is decoded by c\.Get`
	return nil
}

// ResizeAll grows every claim of a list read from the server.
func ResizeAll(ctx context.Context, c PVCClient, size resource.Quantity) error {
	var list corev1.PersistentVolumeClaimList
	if err := c.List(ctx, &list); err != nil {
		return err
	}
	for _, pvc := range list.Items {
		pvc.Spec.Resources.Requests[corev1.ResourceStorage] = size
	}
	return nil
}

// Desired builds a claim of its own, without requests.
func Desired(name string, size resource.Quantity) *corev1.PersistentVolumeClaim {
	pvc := &corev1.PersistentVolumeClaim{}
	pvc.Name = name
	pvc.Spec.Resources.Requests[corev1.ResourceStorage] = size // want `write to pvc\.Spec\.Resources\.Requests, which may be nil: pvc's literal does not set Requests`
	return pvc
}

// FromFile decodes a claim from bytes that the server never validated.
func FromFile(data []byte, size resource.Quantity) (*corev1.PersistentVolumeClaim, error) {
	var pvc corev1.PersistentVolumeClaim
	if err := json.Unmarshal(data, &pvc); err != nil {
		return nil, err
	}
	pvc.Spec.Resources.Requests[corev1.ResourceStorage] = size // want `write to pvc\.Spec\.Resources\.Requests, which may be nil: pvc is decoded by json\.Unmarshal`
	return &pvc, nil
}

// Template grows a StatefulSet's claim template: only a claim is validated so.
func Template(ctx context.Context, c PVCClient, key types.NamespacedName, size resource.Quantity) error {
	var sts appsv1.StatefulSet
	if err := c.Get(ctx, key, &sts); err != nil {
		return err
	}
	for i := range sts.Spec.VolumeClaimTemplates {
		sts.Spec.VolumeClaimTemplates[i].Spec.Resources.Requests[corev1.ResourceStorage] = size // want `write to sts\.Spec\.VolumeClaimTemplates\[i\]\.Spec\.Resources\.Requests, which may be nil`
	}
	return nil
}
