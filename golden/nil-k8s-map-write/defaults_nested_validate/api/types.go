// Package api holds the DB custom resource, its validation and defaulting.
package api

import (
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// VolumeSpec is a data volume: an emptyDir or a persistent volume claim.
type VolumeSpec struct {
	EmptyDir              *corev1.EmptyDirVolumeSource      `json:"emptyDir,omitempty"`
	PersistentVolumeClaim *corev1.PersistentVolumeClaimSpec `json:"persistentVolumeClaim,omitempty"`
	Labels                map[string]string                 `json:"labels,omitempty"`
}

// PodSpec is a component of the cluster.
type PodSpec struct {
	Image      string      `json:"image"`
	VolumeSpec *VolumeSpec `json:"volumeSpec,omitempty"`
}

// ProxySpec holds its volume by value.
type ProxySpec struct {
	VolumeSpec VolumeSpec `json:"volumeSpec"`
}

// DBSpec is the desired state of a DB.
type DBSpec struct {
	PXC    *PodSpec  `json:"pxc,omitempty"`
	Backup *PodSpec  `json:"backup,omitempty"`
	Proxy  ProxySpec `json:"proxy"`
}

// DB is a custom resource read from the API server.
type DB struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              DBSpec `json:"spec"`
}

// validate returns an error when a claim has no storage request: a key
// found in Requests means the map is there (a spec without a claim gets an
// empty one first, so the check runs for it too).
func (v *VolumeSpec) validate() error {
	if v.EmptyDir == nil && v.PersistentVolumeClaim == nil {
		v.PersistentVolumeClaim = &corev1.PersistentVolumeClaimSpec{}
	}
	if v.PersistentVolumeClaim != nil {
		_, ok := v.PersistentVolumeClaim.Resources.Requests[corev1.ResourceStorage]
		if !ok {
			return errors.New("volume.resources.storage can't be empty")
		}
	}
	return nil
}

// validateLimits checks the limits only when there is no emptyDir: that
// gate is not the claim pointer, so a spec with both passes unchecked.
func (v *VolumeSpec) validateLimits() error {
	if v.EmptyDir == nil {
		if _, ok := v.PersistentVolumeClaim.Resources.Limits[corev1.ResourceStorage]; !ok {
			return errors.New("volume.resources.limits can't be empty")
		}
	}
	return nil
}

// defaultLabels makes the label map of the volume it is called on.
func (v *VolumeSpec) defaultLabels() error {
	if v.Labels == nil {
		v.Labels = map[string]string{}
	}
	return nil
}

// Validate reads the spec through a copy: the copy shares the PodSpec the
// PXC pointer points to, so what validate checks below it holds for cr.
func (cr *DB) Validate() error {
	c := cr.Spec
	if c.PXC == nil {
		return errors.New("spec.pxc section is not specified")
	}
	if c.PXC.Image == "" {
		return errors.New("pxc.Image can't be empty")
	}
	if c.PXC.VolumeSpec == nil {
		return errors.New("PXC: volumeSpec should be specified")
	}
	if err := c.PXC.VolumeSpec.validate(); err != nil {
		return fmt.Errorf("PXC: validate volume spec: %w", err)
	}
	if err := c.PXC.VolumeSpec.validateLimits(); err != nil {
		return fmt.Errorf("PXC: validate volume limits: %w", err)
	}
	return nil
}

// CheckNSetDefaults validates first and leaves on its error.
func (cr *DB) CheckNSetDefaults() (err error) {
	err = cr.Validate()
	if err != nil {
		return fmt.Errorf("validate cr: %w", err)
	}
	if cr.Spec.PXC.Image == "" {
		cr.Spec.PXC.Image = "percona/pxc"
	}
	return nil
}

// DefaultProxy makes the label map of a copy of the proxy's volume: the
// copy holds the VolumeSpec by value, so cr's map stays as it was.
func (cr *DB) DefaultProxy() error {
	c := cr.Spec
	if err := c.Proxy.VolumeSpec.defaultLabels(); err != nil {
		return err
	}
	return nil
}

// ValidateBackup checks the backup volume only when there is a backup and
// returns nil before that otherwise.
func (cr *DB) ValidateBackup() error {
	if cr.Spec.Backup == nil {
		return nil
	}
	return cr.Spec.Backup.VolumeSpec.validate()
}

// DefaultProxyInPlace makes the label map through a pointer to cr's spec:
// the map made is cr's own.
func (cr *DB) DefaultProxyInPlace() error {
	c := &cr.Spec
	if err := c.Proxy.VolumeSpec.defaultLabels(); err != nil {
		return err
	}
	return nil
}

// ValidateBackupCopy points the copy's backup at the PXC spec before it
// validates: what it checks is the PXC volume, not cr's backup volume.
func (cr *DB) ValidateBackupCopy() error {
	c := cr.Spec
	if c.Backup == nil {
		c.Backup = c.PXC
	}
	if err := c.Backup.VolumeSpec.validate(); err != nil {
		return err
	}
	return nil
}
