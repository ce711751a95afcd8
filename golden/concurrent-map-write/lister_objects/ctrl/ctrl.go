package ctrl

import (
	corev1 "k8s.io/api/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
)

type controller struct {
	secretLister corelisters.SecretLister
}

// The lister answers from the informer's cache: the Secret it returns is
// the cached object, read by every worker and updated by the informer.
func (c *controller) stamp(namespace, name string, cert []byte) (*corev1.Secret, error) {
	secret, err := c.secretLister.Secrets(namespace).Get(name)
	if err != nil {
		return nil, err
	}
	if secret == nil {
		secret = &corev1.Secret{Data: map[string][]byte{}}
	}
	secret.Data["tls.crt"] = cert    // want "concurrent write to map secret.Data: secret comes from a lister's Get, the informer's shared cached object that other workers and the informer read"
	secret.Labels["issued-by"] = "p" // want "concurrent write to map secret.Labels: secret comes from a lister's Get"
	return secret, nil
}
