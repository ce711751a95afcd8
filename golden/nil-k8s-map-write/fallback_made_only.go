package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The shape of a generated typed clientset, as in typed_clientset.go.
type fallbackSecrets interface {
	Get(ctx context.Context, name string, opts metav1.GetOptions) (*corev1.Secret, error)
	Create(ctx context.Context, s *corev1.Secret, opts metav1.CreateOptions) (*corev1.Secret, error)
	Update(ctx context.Context, s *corev1.Secret, opts metav1.UpdateOptions) (*corev1.Secret, error)
}

type fallbackCoreV1 interface {
	Secrets(namespace string) fallbackSecrets
}

type fallbackClientset interface {
	CoreV1() fallbackCoreV1
}

// StoreCertificate is get-or-create where the writes run on both paths:
// Data is made only for the Secret built when the read finds none, and the
// Secret the read found is whatever its creator stored (a Secret a user
// created empty, named in a spec, decodes with nil Data).
func StoreCertificate(ctx context.Context, cs fallbackClientset, ns, name string, cert, key []byte) error {
	secret, err := cs.CoreV1().Secrets(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return err
	}
	created := false
	if apierrors.IsNotFound(err) {
		secret = &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
			Data:       map[string][]byte{},
		}
		created = true
	}
	secret.Data["tls.crt"] = cert // want `write to secret\.Data, which may be nil: secret comes from cs\.CoreV1\(\)\.Secrets\(ns\)\.Get, and only the object made where the read finds none sets Data`
	secret.Data["tls.key"] = key  // want `write to secret\.Data, which may be nil`
	if created {
		_, err = cs.CoreV1().Secrets(ns).Create(ctx, secret, metav1.CreateOptions{})
	} else {
		_, err = cs.CoreV1().Secrets(ns).Update(ctx, secret, metav1.UpdateOptions{})
	}
	return err
}

// The same with the failure asked as err != nil around the NotFound check.
func StoreSettings(ctx context.Context, cs fallbackClientset, ns string, url []byte) error {
	secret, err := cs.CoreV1().Secrets(ns).Get(ctx, "settings", metav1.GetOptions{})
	if err != nil {
		if !apierrors.IsNotFound(err) {
			return err
		}
		secret = &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "settings"},
			Data:       make(map[string][]byte),
		}
	}
	secret.Data["url"] = url // want `write to secret\.Data, which may be nil`
	_, err = cs.CoreV1().Secrets(ns).Update(ctx, secret, metav1.UpdateOptions{})
	return err
}

// Near miss: the branch that builds the Secret creates it and returns, so
// the write only ever sees the Secret the read found (its content is the
// program's to trust, as in typed_clientset.go).
func StoreOnlyExisting(ctx context.Context, cs fallbackClientset, ns string, url []byte) error {
	secret, err := cs.CoreV1().Secrets(ns).Get(ctx, "settings", metav1.GetOptions{})
	if err != nil {
		if !apierrors.IsNotFound(err) {
			return err
		}
		secret = &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "settings"},
			Data:       map[string][]byte{"url": url},
		}
		_, err = cs.CoreV1().Secrets(ns).Create(ctx, secret, metav1.CreateOptions{})
		return err
	}
	secret.Data["url"] = url
	_, err = cs.CoreV1().Secrets(ns).Update(ctx, secret, metav1.UpdateOptions{})
	return err
}

// Near miss: the literal replaces the Secret on a branch that asks nothing
// about the read (an option), so it is no fallback for an object not found.
func StoreReplaced(ctx context.Context, cs fallbackClientset, ns string, url []byte, fresh bool) error {
	secret, err := cs.CoreV1().Secrets(ns).Get(ctx, "settings", metav1.GetOptions{})
	if err != nil {
		return err
	}
	if fresh {
		secret = &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "settings"},
			Data:       map[string][]byte{},
		}
	}
	secret.Data["url"] = url
	_, err = cs.CoreV1().Secrets(ns).Update(ctx, secret, metav1.UpdateOptions{})
	return err
}

// Near miss: the found Secret's Data is checked before the writes.
func StoreGuarded(ctx context.Context, cs fallbackClientset, ns string, url []byte) error {
	secret, err := cs.CoreV1().Secrets(ns).Get(ctx, "settings", metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		secret = &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "settings"},
			Data:       map[string][]byte{},
		}
	} else if err != nil {
		return err
	}
	if secret.Data == nil {
		secret.Data = map[string][]byte{}
	}
	secret.Data["url"] = url
	_, err = cs.CoreV1().Secrets(ns).Update(ctx, secret, metav1.UpdateOptions{})
	return err
}
