// Package controllers updates cluster secrets read from the cluster.
package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"

	"example.com/founditem/common"
)

// Client lists objects.
type Client interface {
	List(ctx context.Context, list any) error
}

// A list item whose Data["server"] equals a non-empty constant of another
// package holds a key, so its Data map is there: the pointer to that item
// is the only value the variable is given.
func UpdateLocal(ctx context.Context, c Client, namespaces string) error {
	secrets := &corev1.SecretList{}
	if err := c.List(ctx, secrets); err != nil {
		return err
	}
	var local *corev1.Secret
	for i, s := range secrets.Items {
		if string(s.Data["server"]) == common.DefaultServer {
			local = &secrets.Items[i]
		}
	}
	if local != nil {
		local.Data["namespaces"] = []byte(namespaces)
	}
	return nil
}

// Near miss: the constant is the empty string, which a missing key (a nil
// map) reads as.
func UpdateNone(ctx context.Context, c Client, namespaces string) error {
	secrets := &corev1.SecretList{}
	if err := c.List(ctx, secrets); err != nil {
		return err
	}
	var local *corev1.Secret
	for i, s := range secrets.Items {
		if string(s.Data["server"]) == common.NoServer {
			local = &secrets.Items[i]
		}
	}
	if local != nil {
		local.Data["namespaces"] = []byte(namespaces) // want `write to local.Data, which may be nil`
	}
	return nil
}

// Near miss: a package variable may hold "".
func UpdateVariable(ctx context.Context, c Client, namespaces string) error {
	secrets := &corev1.SecretList{}
	if err := c.List(ctx, secrets); err != nil {
		return err
	}
	var local *corev1.Secret
	for i, s := range secrets.Items {
		if string(s.Data["server"]) == common.Server {
			local = &secrets.Items[i]
		}
	}
	if local != nil {
		local.Data["namespaces"] = []byte(namespaces) // want `write to local.Data, which may be nil`
	}
	return nil
}

// Near miss: another item may also be chosen, one that was not checked.
func UpdateFallback(ctx context.Context, c Client, namespaces string) error {
	secrets := &corev1.SecretList{}
	if err := c.List(ctx, secrets); err != nil {
		return err
	}
	var local *corev1.Secret
	for i, s := range secrets.Items {
		if string(s.Data["server"]) == common.DefaultServer {
			local = &secrets.Items[i]
		}
	}
	if local == nil && len(secrets.Items) > 0 {
		local = &secrets.Items[0]
	}
	if local != nil {
		local.Data["namespaces"] = []byte(namespaces) // want `write to local.Data, which may be nil`
	}
	return nil
}

// Near miss: the check reads another map of the item.
func UpdateLabelled(ctx context.Context, c Client, namespaces string) error {
	secrets := &corev1.SecretList{}
	if err := c.List(ctx, secrets); err != nil {
		return err
	}
	var local *corev1.Secret
	for i, s := range secrets.Items {
		if s.Labels["server"] == common.DefaultServer {
			local = &secrets.Items[i]
		}
	}
	if local != nil {
		local.Data["namespaces"] = []byte(namespaces) // want `write to local.Data, which may be nil`
	}
	return nil
}

// Near miss: the index moves on to the next item before the pointer is
// taken, so the item pointed at is not the one checked.
func UpdateShifted(ctx context.Context, c Client, namespaces string) error {
	secrets := &corev1.SecretList{}
	if err := c.List(ctx, secrets); err != nil {
		return err
	}
	var local *corev1.Secret
	for i, s := range secrets.Items {
		if string(s.Data["server"]) == common.DefaultServer && i+1 < len(secrets.Items) {
			i++
			local = &secrets.Items[i]
		}
	}
	if local != nil {
		local.Data["namespaces"] = []byte(namespaces) // want `write to local.Data, which may be nil`
	}
	return nil
}
