package controllers

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

type Reader interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// setRevision is judged by its callers: sync passes a deployment read from
// the API server, whose template may come without annotations.
func setRevision(dep *appsv1.Deployment, revision string) {
	dep.Spec.Template.Annotations["revision"] = revision // want `write to dep.Spec.Template.Annotations, which may be nil: dep is a parameter and sync passes &dep \(dep is decoded by c.Get\)`
}

func sync(ctx context.Context, c Reader, key types.NamespacedName) error {
	var dep appsv1.Deployment
	if err := c.Get(ctx, key, &dep); err != nil {
		return err
	}
	setRevision(&dep, "2")
	return nil
}

// markOwned is reached through a parameter handed on by another helper: the
// object still comes from the API server.
func markOwned(meta *metav1.ObjectMeta) {
	meta.Labels["owned"] = "true" // want `write to meta.Labels, which may be nil: meta is a parameter and adopt passes &dep.ObjectMeta`
}

func adopt(dep *appsv1.Deployment) {
	markOwned(&dep.ObjectMeta)
}

func adoptAll(ctx context.Context, c Reader, key types.NamespacedName) error {
	dep := &appsv1.Deployment{}
	if err := c.Get(ctx, key, dep); err != nil {
		return err
	}
	adopt(dep)
	return nil
}

// A typed client's Get returns the object: the caller's variable has no
// written type, the parameter's type says which maps it has.
type SecretClient interface {
	Get(ctx context.Context, name string, opts metav1.GetOptions) (*corev1.Secret, error)
}

func rotate(secret *corev1.Secret) {
	secret.Data["password"] = []byte("x") // want `write to secret.Data, which may be nil: secret is a parameter and rotateAll passes secret \(secret comes from secrets.Get\)`
}

func rotateAll(ctx context.Context, secrets SecretClient, name string) error {
	secret, err := secrets.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	rotate(secret)
	return nil
}
