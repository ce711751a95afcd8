// Package datastore wraps the listers the controllers read objects from.
package datastore

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// SecretGetter reads Secrets of one namespace (a lister's shape).
type SecretGetter interface {
	Get(name string) (*corev1.Secret, error)
}

// DataStore hands out copies of the objects its listers cache.
type DataStore struct {
	secrets SecretGetter
}

// New returns a DataStore over the given lister.
func New(secrets SecretGetter) *DataStore {
	return &DataStore{secrets: secrets}
}

// GetSecret returns a copy of the cached Secret, as the API server stored it.
func (s *DataStore) GetSecret(name string) (*corev1.Secret, error) {
	cached, err := s.secrets.Get(name)
	if err != nil {
		return nil, err
	}
	return cached.DeepCopy(), nil
}

// DefaultSecret builds a Secret with its annotations made.
func (s *DataStore) DefaultSecret(name string) (*corev1.Secret, error) {
	return &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: map[string]string{}},
	}, nil
}
