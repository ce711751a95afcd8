package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

type ClaimClient interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
	Create(ctx context.Context, obj any) error
}

type Claims struct {
	Client ClaimClient
}

// Get-or-build: when the Get finds nothing, claim is rebound to a new
// literal that makes Labels; the write goes to that literal, not to the
// decoded object.
func (c *Claims) ensure(ctx context.Context, key types.NamespacedName, cluster string) (*corev1.ConfigMap, error) {
	claim := &corev1.ConfigMap{}
	err := c.Client.Get(ctx, key, claim)
	if err == nil {
		return claim, nil
	}
	claim = &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{
			Name:   key.Name,
			Labels: map[string]string{},
		},
	}
	if cluster != "" {
		claim.Labels["cluster"] = cluster
	}
	return claim, c.Client.Create(ctx, claim)
}

// Near miss: the Get comes after the literal, so it decodes into the
// literal's object and may leave Labels nil.
func (c *Claims) refresh(ctx context.Context, key types.NamespacedName, cluster string) (*corev1.ConfigMap, error) {
	claim := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{}},
	}
	if err := c.Client.Get(ctx, key, claim); err != nil {
		return nil, err
	}
	claim.Labels["cluster"] = cluster // want `write to claim.Labels, which may be nil: claim is decoded by c.Client.Get`
	return claim, nil
}
