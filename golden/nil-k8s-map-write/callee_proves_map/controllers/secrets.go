// Package controllers renews certificates kept in secrets.
package controllers

import (
	"context"
	"maps"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"example.com/calleeproof/certs"
)

// Client reads objects.
type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// Renew writes a secret whose keys certs.ParsePair found.
func Renew(ctx context.Context, c Client, key types.NamespacedName) error {
	var secret corev1.Secret
	if err := c.Get(ctx, key, &secret); err != nil {
		return err
	}
	pair, err := certs.ParsePair(&secret)
	if err != nil {
		return err
	}
	secret.Data["tls.crt"] = pair.Cert
	return nil
}

// RenewLoose trusts a parser that checks only when strict.
func RenewLoose(ctx context.Context, c Client, key types.NamespacedName) error {
	var secret corev1.Secret
	if err := c.Get(ctx, key, &secret); err != nil {
		return err
	}
	pair, err := certs.ParseLoose(&secret, false)
	if err != nil {
		return err
	}
	secret.Data["tls.crt"] = pair.Cert // want `write to secret\.Data, which may be nil: secret is decoded by c\.Get`
	return nil
}

// RenewIgnoring parses but goes on when the parse fails.
func RenewIgnoring(ctx context.Context, c Client, key types.NamespacedName) error {
	var secret corev1.Secret
	if err := c.Get(ctx, key, &secret); err != nil {
		return err
	}
	pair, _ := certs.ParsePair(&secret)
	secret.Data["tls.crt"] = []byte{} // want `write to secret\.Data, which may be nil: secret is decoded by c\.Get`
	_ = pair
	return nil
}

// Inherited returns the version annotation plus extra ones.
func Inherited(extra map[string]string) map[string]string {
	var meta metav1.ObjectMeta
	certs.SetVersion(&meta, "v1")
	maps.Copy(meta.Annotations, extra)
	return meta.Annotations
}

// InheritedMaybe trusts a setter that may return before making the map.
func InheritedMaybe(extra map[string]string) map[string]string {
	var meta metav1.ObjectMeta
	certs.SetVersionMaybe(&meta, "v1")
	maps.Copy(meta.Annotations, extra) // want `maps\.Copy into meta\.Annotations, which may be nil: meta is decoded by certs\.SetVersionMaybe`
	return meta.Annotations
}

// RenewChecked parses in the if's initializer and returns on its error.
func RenewChecked(ctx context.Context, c Client, key types.NamespacedName) error {
	var secret corev1.Secret
	if err := c.Get(ctx, key, &secret); err != nil {
		return err
	}
	if _, err := certs.ParsePair(&secret); err != nil {
		return err
	}
	secret.Data["renewed"] = []byte("true")
	return nil
}

// InheritedFresh trusts a setter that may zero the metadata after making it.
func InheritedFresh(extra map[string]string, fresh bool) map[string]string {
	var meta metav1.ObjectMeta
	certs.SetVersionFresh(&meta, "v1", fresh)
	maps.Copy(meta.Annotations, extra) // want `maps\.Copy into meta\.Annotations, which may be nil: meta is decoded by certs\.SetVersionFresh`
	return meta.Annotations
}

// InheritedDeferred makes the annotations only when it returns.
func InheritedDeferred(extra map[string]string) map[string]string {
	var meta metav1.ObjectMeta
	defer certs.SetVersion(&meta, "v1")
	maps.Copy(meta.Annotations, extra) // want `maps\.Copy into meta\.Annotations, which may be nil`
	return meta.Annotations
}

// InheritedShortCircuit calls the maker only when the caller did not skip it.
func InheritedShortCircuit(extra map[string]string, skip bool) map[string]string {
	var meta metav1.ObjectMeta
	if skip || certs.EnsureVersion(&meta) {
		extra["seen"] = "true"
	}
	maps.Copy(meta.Annotations, extra) // want `maps\.Copy into meta\.Annotations, which may be nil`
	return meta.Annotations
}

// InheritedEnsured calls the maker in a condition that always runs.
func InheritedEnsured(extra map[string]string) map[string]string {
	var meta metav1.ObjectMeta
	if certs.EnsureVersion(&meta) {
		extra["seen"] = "true"
	}
	maps.Copy(meta.Annotations, extra)
	return meta.Annotations
}
