// Package v1 declares the Inventory resource, whose status records the
// names of the objects its controller creates for it.
package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// Reference names an object in a namespace.
type Reference struct {
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name,omitempty"`
}

// PlanStatus records the plan Secret.
type PlanStatus struct {
	SecretRef *Reference `json:"secretRef,omitempty"`
	Checksum  string     `json:"checksum,omitempty"`
}

// InventorySpec is what the user asks for.
type InventorySpec struct {
	// SecretRef names a Secret the user provides.
	SecretRef *Reference `json:"secretRef,omitempty"`
}

// InventoryStatus is what the controller records.
type InventoryStatus struct {
	Plan      *PlanStatus `json:"plan,omitempty"`
	BackupRef *Reference  `json:"backupRef,omitempty"`
	ConfigRef *Reference  `json:"configRef,omitempty"`
	CacheRef  *Reference  `json:"cacheRef,omitempty"`
	TokenRef  *Reference  `json:"tokenRef,omitempty"`
}

// Inventory is a custom resource.
type Inventory struct {
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              InventorySpec   `json:"spec,omitempty"`
	Status            InventoryStatus `json:"status,omitempty"`
}
