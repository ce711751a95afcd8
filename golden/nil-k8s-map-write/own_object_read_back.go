package controllers

import (
	"context"
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Client reads and creates objects on the API server.
type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
	Create(ctx context.Context, obj any) error
	Update(ctx context.Context, obj any) error
}

var errNotFound = errors.New("not found")

func isNotFound(err error) bool { return errors.Is(err, errNotFound) }

// EnsureConfig is get-or-create: when the Secret is not there it is created
// here with Data holding the config key, so a Secret found at that key
// decodes with a non-nil Data. Its labels are metadata: a Secret created
// before this version set them (or relabelled since) may have none.
func EnsureConfig(ctx context.Context, c Client, ns, name, config string) error {
	secret := &corev1.Secret{}
	if err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, secret); err != nil {
		if !isNotFound(err) {
			return err
		}
		secret = &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{
				Namespace: ns,
				Name:      name,
				Labels:    map[string]string{"managed": "true"},
			},
			Data: map[string][]byte{"config": []byte(config)},
		}
		return c.Create(ctx, secret)
	}
	secret.Data["config"] = []byte(config)
	secret.Labels["managed"] = "true" // want `write to secret\.Labels, which may be nil: secret is decoded by c\.Get`
	return c.Update(ctx, secret)
}

// EnsureDesired builds the desired ConfigMap first, reads the stored one at
// its name and creates the desired one when it is missing.
func EnsureDesired(ctx context.Context, c Client, ns, name string) error {
	desired := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	desired.Data = make(map[string]string)
	desired.Data["mode"] = "on"
	existing := &corev1.ConfigMap{}
	err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: desired.Name}, existing)
	if err == nil {
		existing.Data["mode"] = desired.Data["mode"]
		return c.Update(ctx, existing)
	}
	if !isNotFound(err) {
		return err
	}
	return c.Create(ctx, desired)
}

// EnsureViaHelper hands the object to a helper that fills it and creates it.
func EnsureViaHelper(ctx context.Context, c Client, ns, name string) error {
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	if err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, cm); err != nil {
		return createConfigMap(ctx, c, cm)
	}
	return syncConfigMap(ctx, c, cm)
}

func createConfigMap(ctx context.Context, c Client, cm *corev1.ConfigMap) error {
	data := map[string]string{}
	data["mode"] = "on"
	cm.Data = data
	return c.Create(ctx, cm)
}

func syncConfigMap(ctx context.Context, c Client, cm *corev1.ConfigMap) error {
	cm.Data["mode"] = "on"
	return c.Update(ctx, cm)
}

// EnsureStringData creates the Secret with StringData, which the API server
// merges into Data: the Secret found at the name has a non-nil Data.
func EnsureStringData(ctx context.Context, c Client, ns, name string) error {
	secret := &corev1.Secret{}
	if err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, secret); err != nil {
		if !isNotFound(err) {
			return err
		}
		secret.Name = name
		secret.StringData = map[string]string{"mode": "on"}
		return c.Create(ctx, secret)
	}
	secret.Data["mode"] = []byte("on")
	return c.Update(ctx, secret)
}

// EnsureEmpty creates the ConfigMap without data: stored so, it decodes
// with a nil Data.
func EnsureEmpty(ctx context.Context, c Client, ns, name string) error {
	cm := &corev1.ConfigMap{}
	if err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, cm); err != nil {
		if !isNotFound(err) {
			return err
		}
		cm = &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
			Data:       map[string]string{},
		}
		return c.Create(ctx, cm)
	}
	cm.Data["mode"] = "on" // want `write to cm\.Data, which may be nil: cm is decoded by c\.Get`
	return c.Update(ctx, cm)
}

// EnsureOther creates an object at another name: the one read may be anyone's.
func EnsureOther(ctx context.Context, c Client, ns, name string) error {
	cm := &corev1.ConfigMap{}
	if err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, cm); err != nil {
		other := &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name + "-copy"},
			Data:       map[string]string{"mode": "on"},
		}
		return c.Create(ctx, other)
	}
	cm.Data["mode"] = "on" // want `write to cm\.Data, which may be nil: cm is decoded by c\.Get`
	return c.Update(ctx, cm)
}

// EnsureThenWrite creates another object at the name but goes on to write the
// one it read, which the Get did not fill when it was not found.
func EnsureThenWrite(ctx context.Context, c Client, ns, name string) error {
	cm := corev1.ConfigMap{}
	err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, &cm)
	if isNotFound(err) {
		fresh := &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
			Data:       map[string]string{"mode": "on"},
		}
		if err := c.Create(ctx, fresh); err != nil {
			return err
		}
	}
	cm.Data["mode"] = "on" // want `write to cm\.Data, which may be nil: cm is decoded by c\.Get`
	return c.Update(ctx, &cm)
}

// UserSecret reads a Secret the user creates and the spec names: nothing here
// creates it, so its labels may be nil.
func UserSecret(ctx context.Context, c Client, ns, name string) error {
	secret := &corev1.Secret{}
	if err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, secret); err != nil {
		return err
	}
	secret.Labels["watched"] = "true" // want `write to secret\.Labels, which may be nil: secret is decoded by c\.Get`
	return c.Update(ctx, secret)
}

// EnsureCopy writes into a deep copy of the object it created when missing:
// the copy has the maps of what it copies.
func EnsureCopy(ctx context.Context, c Client, ns, name string) error {
	cm := &corev1.ConfigMap{}
	if err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, cm); err != nil {
		cm.Name, cm.Namespace = name, ns
		cm.Data = map[string]string{"mode": "on"}
		return c.Create(ctx, cm)
	}
	updated := cm.DeepCopy()
	updated.Data["mode"] = "off"
	updated.Annotations["mode"] = "off" // want `write to updated\.Annotations, which may be nil: updated is a DeepCopy of cm`
	return c.Update(ctx, updated)
}
