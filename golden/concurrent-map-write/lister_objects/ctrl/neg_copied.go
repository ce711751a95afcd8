package ctrl

import (
	corev1 "k8s.io/api/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
)

type copier struct {
	secretLister corelisters.SecretLister
}

// Copied before the writes: the cache's object is left alone.
func (c *copier) stamp(namespace, name string, cert []byte) (*corev1.Secret, error) {
	secret, err := c.secretLister.Secrets(namespace).Get(name)
	if err != nil {
		return nil, err
	}
	secret = secret.DeepCopy()
	secret.Data["tls.crt"] = cert
	return secret, nil
}

// Only read from the cached object; writes go into a map of our own.
func (c *copier) labels(namespace, name string) (map[string]string, error) {
	secret, err := c.secretLister.Secrets(namespace).Get(name)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, v := range secret.Labels {
		out[k] = v
	}
	return out, nil
}
