// Package api holds the DB custom resource and its defaulting.
package api

import (
	"errors"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ReplsetStatus is the state of one replica set.
type ReplsetStatus struct {
	Ready bool `json:"ready"`
}

// DBStatus is the observed state of a DB.
type DBStatus struct {
	Replsets map[string]ReplsetStatus `json:"replsets,omitempty"`
	Members  map[string]string        `json:"members,omitempty"`
}

// DB is a custom resource read from the API server.
type DB struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Image             string   `json:"image"`
	Status            DBStatus `json:"status,omitempty"`
}

// CheckNSetDefaults validates first (every return before the make gives an
// error) and then makes the replica-set map: when it returns nil, the map
// is made. It leaves Members as it found it.
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

// EnsureMembers makes the member map when it is nil.
func (cr *DB) EnsureMembers() {
	if cr.Status.Members == nil {
		cr.Status.Members = map[string]string{}
	}
}

func validateName(name string) error {
	if name == "" {
		return errors.New("name is required")
	}
	return nil
}
