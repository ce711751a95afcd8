package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The shape of a generated typed clientset, as in typed_clientset.go.
type guardedSecrets interface {
	Get(ctx context.Context, name string, opts metav1.GetOptions) (*corev1.Secret, error)
}

type guardedCoreV1 interface {
	Secrets(namespace string) guardedSecrets
}

type guardedClientset interface {
	CoreV1() guardedCoreV1
}

// The maps are made (or checked) before the writes.
func stampSecretGuarded(ctx context.Context, cs guardedClientset, cert []byte) error {
	secret, err := cs.CoreV1().Secrets("ns").Get(ctx, "tls", metav1.GetOptions{})
	if err != nil {
		return err
	}
	if secret.Data == nil {
		secret.Data = map[string][]byte{}
	}
	secret.Data["tls.crt"] = cert
	if secret.ObjectMeta.Labels == nil {
		secret.ObjectMeta.Labels = map[string]string{}
	}
	secret.ObjectMeta.Labels["managed"] = "true"
	return nil
}

// A Get of something that is no typed clientset chain: the type is not
// known, so only Labels and Annotations are judged.
type blobStore interface {
	Get(ctx context.Context, name string) (*blob, error)
}

type blob struct {
	Data map[string][]byte
}

func touchBlob(ctx context.Context, store blobStore) error {
	b, err := store.Get(ctx, "x")
	if err != nil {
		return err
	}
	b.Data["x"] = nil
	return nil
}
