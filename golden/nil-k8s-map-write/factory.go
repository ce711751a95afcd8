package controllers

import (
	"context"
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A value from a function of the package is judged by what it returns.
func newService(name string) *corev1.Service {
	return &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: name}}
}

func newLabelledService(name string) *corev1.Service {
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: name}}
	svc.Labels = map[string]string{"app": name}
	return svc
}

func newSelectedService(name string) *corev1.Service {
	return &corev1.Service{Spec: corev1.ServiceSpec{Selector: map[string]string{"app": name}}}
}

type Getter interface {
	Get(ctx context.Context, name string, obj any) error
}

// getSecret returns the secret it read only once it has checked its data; on
// the error path the caller does not use it.
func getSecret(ctx context.Context, c Getter, name string) (*corev1.Secret, error) {
	secret := &corev1.Secret{}
	if err := c.Get(ctx, name, secret); err != nil {
		return secret, err
	}
	if secret.Data == nil {
		return nil, errors.New("secret has no data")
	}
	return secret, nil
}

func Refresh(ctx context.Context, c Getter) error {
	secret, err := getSecret(ctx, c, "token")
	if err != nil {
		return err
	}
	secret.Data["refreshed"] = []byte("true")
	return nil
}

func Services() []*corev1.Service {
	a := newService("a")
	a.Labels["tier"] = "web" // want `write to a.Labels, which may be nil: a comes from newService, where the literal does not set Labels`
	b := newLabelledService("b")
	b.Labels["tier"] = "web"
	c := newSelectedService("c")
	c.Spec.Selector["tier"] = "web"
	c.Annotations["owner"] = "me" // want `write to c.Annotations, which may be nil: c comes from newSelectedService`
	return []*corev1.Service{a, b, c}
}
