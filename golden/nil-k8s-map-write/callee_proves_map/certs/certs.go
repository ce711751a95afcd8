// Package certs reads key pairs out of secrets.
package certs

import (
	"context"
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Client reads and writes objects.
type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// KeyPair is a certificate and its key.
type KeyPair struct {
	Cert, Key []byte
}

// ParsePair returns an error unless the secret holds both keys.
func ParsePair(secret *corev1.Secret) (*KeyPair, error) {
	key, ok := secret.Data["tls.key"]
	if !ok {
		return nil, errors.New("missing tls.key")
	}
	if _, ok := secret.Data["tls.crt"]; !ok {
		return nil, errors.New("missing tls.crt")
	}
	return &KeyPair{Cert: secret.Data["tls.crt"], Key: key}, nil
}

// ParseLoose checks the key only when asked to: a nil error proves nothing.
func ParseLoose(secret *corev1.Secret, strict bool) (*KeyPair, error) {
	if strict {
		if _, ok := secret.Data["tls.key"]; !ok {
			return nil, errors.New("missing tls.key")
		}
	}
	return &KeyPair{}, nil
}

// ParseEarly may return before it looks at the secret.
func ParseEarly(secret *corev1.Secret, cached *KeyPair) (*KeyPair, error) {
	if cached != nil {
		return cached, nil
	}
	if len(secret.Data) == 0 {
		return nil, errors.New("empty secret")
	}
	return &KeyPair{}, nil
}

// SetVersion records the version, making the annotations when there are none.
func SetVersion(meta *metav1.ObjectMeta, version string) {
	if meta.Annotations == nil {
		meta.Annotations = make(map[string]string)
	}
	meta.Annotations["version"] = version
}

// SetVersionMaybe records the version only for a named object.
func SetVersionMaybe(meta *metav1.ObjectMeta, version string) {
	if meta.Name == "" {
		return
	}
	if meta.Annotations == nil {
		meta.Annotations = make(map[string]string)
	}
	meta.Annotations["version"] = version
}

// SetVersionFresh records the version, then may start the metadata afresh.
func SetVersionFresh(meta *metav1.ObjectMeta, version string, fresh bool) {
	if meta.Annotations == nil {
		meta.Annotations = make(map[string]string)
	}
	meta.Annotations["version"] = version
	if fresh {
		*meta = metav1.ObjectMeta{Name: meta.Name}
	}
}

// EnsureVersion makes the annotations and says whether it set the version.
func EnsureVersion(meta *metav1.ObjectMeta) bool {
	if meta.Annotations == nil {
		meta.Annotations = make(map[string]string)
	}
	_, ok := meta.Annotations["version"]
	return ok
}

// Renew parses the pair in this package before it writes the secret.
func Renew(ctx context.Context, c Client, key types.NamespacedName) error {
	var secret corev1.Secret
	if err := c.Get(ctx, key, &secret); err != nil {
		return err
	}
	pair, err := ParsePair(&secret)
	if err != nil {
		return err
	}
	secret.Data["tls.crt"] = pair.Cert
	return nil
}

// RenewEarly trusts a parser that may return a cached pair first.
func RenewEarly(ctx context.Context, c Client, key types.NamespacedName, cached *KeyPair) error {
	var secret corev1.Secret
	if err := c.Get(ctx, key, &secret); err != nil {
		return err
	}
	pair, err := ParseEarly(&secret, cached)
	if err != nil {
		return err
	}
	secret.Data["tls.crt"] = pair.Cert // want `write to secret\.Data, which may be nil: secret is decoded by c\.Get`
	return nil
}
