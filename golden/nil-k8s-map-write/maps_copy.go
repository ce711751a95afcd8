package controllers

import (
	"maps"

	corev1 "k8s.io/api/core/v1"
)

func WithCredentials(secret *corev1.Secret, creds map[string]string) *corev1.Secret {
	out := secret.DeepCopy()
	maps.Copy(out.StringData, creds) // want `maps.Copy into out.StringData, which may be nil: out is a DeepCopy of secret`
	return out
}
