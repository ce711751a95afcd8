package controllers

import (
	"context"
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

type volumeReader interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// ClaimSpec embeds a pointer: ClaimSpec's Resources is promoted from it, so
// v.Claim.Resources is v.Claim.PersistentVolumeClaimSpec.Resources.
type ClaimSpec struct {
	Annotations                       map[string]string `json:"annotations,omitempty"`
	*corev1.PersistentVolumeClaimSpec `json:",inline"`
}

type VolumeSpec struct {
	EmptyDir *corev1.EmptyDirVolumeSource `json:"emptyDir,omitempty"`
	Claim    ClaimSpec                    `json:"claim,omitempty"`
}

type StoreSpec struct {
	Data *VolumeSpec `json:"data,omitempty"`
	Logs *VolumeSpec `json:"logs,omitempty"`
	Tmp  *VolumeSpec `json:"tmp,omitempty"`
}

// Store is a custom resource read from the API server.
type Store struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              StoreSpec `json:"spec,omitempty"`
}

// validate checks the storage request only when the embedded claim is set:
// a write through the promoted Resources dereferences it, so it runs only
// where the check ran.
func (v *VolumeSpec) validate() error {
	if v.Claim.PersistentVolumeClaimSpec != nil {
		if _, ok := v.Claim.Resources.Requests[corev1.ResourceStorage]; !ok {
			return errors.New("storage request is required")
		}
		if _, ok := v.Claim.Annotations["owner"]; !ok {
			return errors.New("owner is required")
		}
	}
	return nil
}

// validateTmp checks the claim's requests under a gate the write does not
// pass through (the empty dir).
func (v *VolumeSpec) validateTmp() error {
	if v.EmptyDir != nil {
		if _, ok := v.Claim.Resources.Requests[corev1.ResourceStorage]; !ok {
			return errors.New("storage request is required")
		}
	}
	return nil
}

func (s *Store) CheckNSetDefaults() error {
	if err := s.Spec.Data.validate(); err != nil {
		return err
	}
	if err := s.Spec.Tmp.validateTmp(); err != nil {
		return err
	}
	return nil
}

type StoreReconciler struct {
	client volumeReader
}

func (r *StoreReconciler) Reconcile(ctx context.Context, key types.NamespacedName) error {
	s := &Store{}
	if err := r.client.Get(ctx, key, s); err != nil {
		return err
	}
	if err := s.CheckNSetDefaults(); err != nil {
		return err
	}
	// proved: the promoted field goes through the gated embedded pointer
	s.Spec.Data.Claim.Resources.Requests[corev1.ResourceStorage] = corev1.ResourceList{}[corev1.ResourceStorage]
	// near miss: Annotations is ClaimSpec's own field, reached without the
	// embedded pointer, so it may be nil when the claim is not set
	s.Spec.Data.Claim.Annotations["size"] = "10Gi" // want `write to s\.Spec\.Data\.Claim\.Annotations, which may be nil`
	// near miss: the check ran only when the empty dir was set
	s.Spec.Tmp.Claim.Resources.Requests[corev1.ResourceStorage] = corev1.ResourceList{}[corev1.ResourceStorage] // want `write to s\.Spec\.Tmp\.Claim\.Resources\.Requests, which may be nil`
	// near miss: another volume, never checked
	s.Spec.Logs.Claim.Resources.Requests[corev1.ResourceStorage] = corev1.ResourceList{}[corev1.ResourceStorage] // want `write to s\.Spec\.Logs\.Claim\.Resources\.Requests, which may be nil`
	return nil
}
