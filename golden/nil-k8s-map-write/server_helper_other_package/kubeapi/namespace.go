// Package kubeapi wraps the reads of the API server the controllers need.
package kubeapi

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Namespaces reads namespaces from the API server.
type Namespaces interface {
	Get(ctx context.Context, name string, opts metav1.GetOptions) (*corev1.Namespace, error)
}

// GetNamespace returns the namespace as the API server stores it, and
// whether it was found.
func GetNamespace(ctx context.Context, c Namespaces, name string) (*corev1.Namespace, bool, error) {
	ns, err := c.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, false, err
	}
	return ns, true, nil
}

// NewNamespace builds a namespace with its labels made.
func NewNamespace(name string) *corev1.Namespace {
	return &corev1.Namespace{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{}},
	}
}
