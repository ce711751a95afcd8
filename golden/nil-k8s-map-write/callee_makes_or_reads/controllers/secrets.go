// Package controllers builds secrets and reads them back.
package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"example.com/calleemakes/meta"
)

// Client reads objects.
type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// setOwner returns for a nil secret and labels any other one.
func setOwner(secret *corev1.Secret, owner string) {
	if secret == nil {
		return
	}
	meta.SetOwner(secret, owner)
}

// Owned labels a secret through setOwner, which makes the labels.
func Owned(name, owner string) corev1.Secret {
	expected := corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name}}
	setOwner(&expected, owner)
	expected.Labels["kind"] = "owned"
	return expected
}

// Copied labels a secret with labels copied from another object.
func Copied(name string, from *corev1.Secret) corev1.Secret {
	expected := corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name}}
	meta.SetCopied(&expected, from)
	expected.Labels["kind"] = "copied" // want `write to expected\.Labels, which may be nil: expected is decoded by meta\.SetCopied`
	return expected
}

// Cleared labels a secret whose labels may be dropped again.
func Cleared(name string, clear bool) corev1.Secret {
	expected := corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name}}
	meta.SetThenClear(&expected, clear)
	expected.Labels["kind"] = "cleared" // want `write to expected\.Labels, which may be nil: expected is decoded by meta\.SetThenClear`
	return expected
}

// Token keeps the existing token, looked up by the expected secret's name.
func Token(ctx context.Context, c Client, name string) (corev1.Secret, error) {
	expected := corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Data:       make(map[string][]byte),
	}
	var existing corev1.Secret
	if err := c.Get(ctx, meta.NamespacedName(&expected), &existing); err != nil {
		return expected, err
	}
	expected.Data["token"] = existing.Data["token"]
	return expected, nil
}

// Reloaded writes a secret that a loader may have replaced.
func Reloaded(l meta.Loader, name string) (corev1.Secret, error) {
	expected := corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Data:       make(map[string][]byte),
	}
	if err := meta.Reload(l, &expected); err != nil {
		return expected, err
	}
	expected.Data["token"] = []byte("x") // want `write to expected\.Data, which may be nil: expected is decoded by meta\.Reload`
	return expected, nil
}

// Annotated merges annotations through a helper that makes the map.
func Annotated(name string, extra map[string]string) corev1.Secret {
	s := corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name}}
	meta.Annotate(&s.Annotations, extra)
	s.Annotations["owner"] = "me"
	return s
}

// LooselyAnnotated merges through a helper that may return first.
func LooselyAnnotated(name string, extra map[string]string) corev1.Secret {
	s := corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name}}
	meta.MergeLoose(&s.Annotations, extra)
	s.Annotations["owner"] = "me" // want `write to s\.Annotations, which may be nil: s's literal does not set Annotations`
	return s
}
