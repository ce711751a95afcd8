// Package controllers reads back objects it writes with controllerutil's
// CreateOrUpdate: when the read does not find the object, the upsert
// creates it with the map that its mutate function sets.
package controllers

import (
	"context"
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"
)

var errNotFound = errors.New("not found")

func isNotFound(err error) bool { return errors.Is(err, errNotFound) }

func check(token string) error {
	if token == "" {
		return errors.New("empty token")
	}
	return nil
}

// AppendInit keeps the stored init script and appends to it: when the read
// finds the Secret, data is its Data, which the upsert below created with
// the init.sql key (it writes into data before it sets Data), so it
// decodes non-nil.
func AppendInit(ctx context.Context, c client.Client, ns, name, stmt string) error {
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name + "-init"}}
	data := map[string][]byte{"init.sql": []byte("SET x=1;\n")}
	if err := c.Get(ctx, client.ObjectKeyFromObject(secret), secret); err == nil {
		data = secret.Data
	}
	_, err := controllerutil.CreateOrUpdate(ctx, c, secret, func() error {
		data["init.sql"] = append(data["init.sql"], []byte(stmt)...)
		secret.Data = data
		return nil
	})
	return err
}

// SetToken writes into the Secret found at its key; the upsert that runs
// when it is not found creates it with the token key (a mutate function
// that fails creates nothing).
func SetToken(ctx context.Context, c client.Client, ns, name, token string) error {
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	err := c.Get(ctx, client.ObjectKeyFromObject(secret), secret)
	if err == nil {
		secret.Data["token"] = []byte(token)
		return c.Update(ctx, secret)
	}
	_, err = controllerutil.CreateOrPatch(ctx, c, secret, func() error {
		if err := check(token); err != nil {
			return fmt.Errorf("token: %w", err)
		}
		secret.Data = map[string][]byte{"token": []byte(token)}
		return nil
	})
	return err
}

// SetStringData creates the Secret with StringData, which the API server
// merges into Data: the Secret found at the key has a non-nil Data.
func SetStringData(ctx context.Context, c client.Client, ns, name, token string) error {
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	if err := c.Get(ctx, client.ObjectKeyFromObject(secret), secret); err == nil {
		secret.Data["token"] = []byte(token)
		return c.Update(ctx, secret)
	}
	_, err := controllerutil.CreateOrUpdate(ctx, c, secret, func() error {
		secret.StringData = map[string]string{"token": token}
		return nil
	})
	return err
}

// SetByValue reads into a Secret value at the name its literal gives it
// and upserts its address: the same object at the same key.
func SetByValue(ctx context.Context, c client.Client, ns, name, token string) error {
	secret := corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, &secret)
	if err == nil {
		secret.Data["token"] = []byte(token)
		return c.Update(ctx, &secret)
	}
	_, err = controllerutil.CreateOrUpdate(ctx, c, &secret, func() error {
		secret.Data = map[string][]byte{"token": []byte(token)}
		return nil
	})
	return err
}

// EmptyData creates the Secret with an empty Data map: the API server
// stores no data, and the Secret read back has a nil Data.
func EmptyData(ctx context.Context, c client.Client, ns, name, token string) error {
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	if err := c.Get(ctx, client.ObjectKeyFromObject(secret), secret); err == nil {
		secret.Data["token"] = []byte(token) // want `write to secret\.Data, which may be nil: secret is decoded by c\.Get`
		return c.Update(ctx, secret)
	}
	_, err := controllerutil.CreateOrUpdate(ctx, c, secret, func() error {
		secret.Data = map[string][]byte{}
		return nil
	})
	return err
}

// EarlyReturn's mutate function can succeed without setting Data: the
// Secret is then created without data.
func EarlyReturn(ctx context.Context, c client.Client, ns, name, token string) error {
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	if err := c.Get(ctx, client.ObjectKeyFromObject(secret), secret); err == nil {
		secret.Data["token"] = []byte(token) // want `write to secret\.Data, which may be nil: secret is decoded by c\.Get`
		return c.Update(ctx, secret)
	}
	_, err := controllerutil.CreateOrUpdate(ctx, c, secret, func() error {
		if token == "" {
			return nil
		}
		secret.Data = map[string][]byte{"token": []byte(token)}
		return nil
	})
	return err
}

// FoundOnly leaves when the read fails, so the upsert below only ever
// updates a Secret that something else created.
func FoundOnly(ctx context.Context, c client.Client, ns, name, token string) error {
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	if err := c.Get(ctx, client.ObjectKeyFromObject(secret), secret); err != nil {
		return err
	}
	secret.Data["token"] = []byte(token) // want `write to secret\.Data, which may be nil: secret is decoded by c\.Get`
	_, err := controllerutil.CreateOrUpdate(ctx, c, secret, func() error {
		secret.Data = map[string][]byte{"token": []byte(token)}
		return nil
	})
	return err
}

// NotFoundToo writes also when the read did not find the Secret: then it
// is the literal, without Data.
func NotFoundToo(ctx context.Context, c client.Client, ns, name, token string) error {
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	if err := c.Get(ctx, client.ObjectKeyFromObject(secret), secret); err != nil && !isNotFound(err) {
		return err
	}
	secret.Data["token"] = []byte(token) // want `write to secret\.Data, which may be nil: secret is decoded by c\.Get`
	_, err := controllerutil.CreateOrUpdate(ctx, c, secret, func() error {
		secret.Data = map[string][]byte{"token": []byte(token)}
		return nil
	})
	return err
}

// Labelled sets labels in its mutate function: labels are metadata that a
// Secret created before this version, or relabelled since, may lack.
func Labelled(ctx context.Context, c client.Client, ns, name string) error {
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	if err := c.Get(ctx, client.ObjectKeyFromObject(cm), cm); err == nil {
		cm.Labels["managed"] = "true" // want `write to cm\.Labels, which may be nil: cm is decoded by c\.Get`
		return c.Update(ctx, cm)
	}
	_, err := controllerutil.CreateOrUpdate(ctx, c, cm, func() error {
		cm.Labels = map[string]string{"managed": "true"}
		return nil
	})
	return err
}

// SetChecked's mutate function returns the check's error from an if nested
// in the error block: every return that can give nil comes after Data is
// set, so the Secret the upsert creates has the token key.
func SetChecked(ctx context.Context, c client.Client, ns, name, token string) error {
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	if err := c.Get(ctx, client.ObjectKeyFromObject(secret), secret); err == nil {
		secret.Data["token"] = []byte(token)
		return c.Update(ctx, secret)
	}
	_, err := controllerutil.CreateOrUpdate(ctx, c, secret, func() error {
		if err := check(token); err != nil {
			if isNotFound(err) {
				return err
			}
			return fmt.Errorf("token: %w", err)
		}
		secret.Data = map[string][]byte{"token": []byte(token)}
		return nil
	})
	return err
}

// SwallowChecked's nested if turns the check's error into success before
// Data is set: the Secret can be created without data.
func SwallowChecked(ctx context.Context, c client.Client, ns, name, token string) error {
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	if err := c.Get(ctx, client.ObjectKeyFromObject(secret), secret); err == nil {
		secret.Data["token"] = []byte(token) // want `write to secret\.Data, which may be nil: secret is decoded by c\.Get`
		return c.Update(ctx, secret)
	}
	_, err := controllerutil.CreateOrUpdate(ctx, c, secret, func() error {
		if err := check(token); err != nil {
			if isNotFound(err) {
				return nil
			}
			return err
		}
		secret.Data = map[string][]byte{"token": []byte(token)}
		return nil
	})
	return err
}
