package controllers

import (
	"context"
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Store reads and creates objects on the API server.
type Store interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
	Create(ctx context.Context, obj any) error
	Update(ctx context.Context, obj any) error
}

var errMissing = errors.New("not found")

func missing(err error) bool { return errors.Is(err, errMissing) }

func newPass(user string) ([]byte, error) {
	if user == "" {
		return nil, errors.New("no user")
	}
	return []byte(user), nil
}

// fillDefaults gives every system user a password: each key is either
// there already or written, so Data has an entry on each nil-error return.
func fillDefaults(secret *corev1.Secret) (err error) {
	if secret.Data == nil {
		secret.Data = make(map[string][]byte)
	}
	names := []string{"root", "monitor"}
	for _, user := range names {
		if pass, ok := secret.Data[user]; !ok || len(pass) == 0 {
			secret.Data[user], err = newPass(user)
			if err != nil {
				return err
			}
		}
	}
	return
}

// fillSome writes a key only when asked to: Data may stay empty.
func fillSome(secret *corev1.Secret, root bool) {
	if secret.Data == nil {
		secret.Data = make(map[string][]byte)
	}
	if root {
		secret.Data["root"] = []byte("x")
	}
}

// fillUnlessEmpty may return (with a nil error) before it writes.
func fillUnlessEmpty(secret *corev1.Secret, user string) error {
	if user == "" {
		return nil
	}
	secret.Data = map[string][]byte{user: []byte("x")}
	return nil
}

// usersSecret reads the users Secret and fills it; both paths return it
// only after fillDefaults gave no error.
func usersSecret(ctx context.Context, c Store, ns, name string) (*corev1.Secret, error) {
	secret := &corev1.Secret{}
	err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, secret)
	if err == nil {
		if err := fillDefaults(secret); err != nil {
			return nil, err
		}
		return secret, nil
	} else if !missing(err) {
		return nil, err
	}
	secret = &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	if err = fillDefaults(secret); err != nil {
		return nil, err
	}
	return secret, c.Create(ctx, secret)
}

// SyncInternal creates the internal Secret, when it is missing, as a deep
// copy of the filled users Secret: a Secret found at that name was created
// with Data holding the users' keys.
func SyncInternal(ctx context.Context, c Store, ns string) error {
	users, err := usersSecret(ctx, c, ns, "users")
	if err != nil {
		return err
	}
	return syncInternal(ctx, c, ns, users)
}

func syncInternal(ctx context.Context, c Store, ns string, users *corev1.Secret) error {
	internal := corev1.Secret{}
	err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: "internal"}, &internal)
	if err != nil && !missing(err) {
		return err
	}
	if missing(err) {
		created := users.DeepCopy()
		created.ObjectMeta = metav1.ObjectMeta{Namespace: ns, Name: "internal"}
		return c.Create(ctx, created)
	}
	internal.Data["root"] = users.Data["root"]
	return c.Update(ctx, &internal)
}

// CopyBeforeFill copies the Secret before the callee fills it: the copy
// that is created may have no Data.
func CopyBeforeFill(ctx context.Context, c Store, ns string) error {
	base := &corev1.Secret{}
	created := base.DeepCopy()
	if err := fillDefaults(base); err != nil {
		return err
	}
	found := &corev1.Secret{}
	err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: "copy"}, found)
	if missing(err) {
		created.ObjectMeta = metav1.ObjectMeta{Namespace: ns, Name: "copy"}
		return c.Create(ctx, created)
	}
	found.Data["root"] = []byte("x") // want `write to found\.Data, which may be nil: found is decoded by c\.Get`
	return c.Update(ctx, found)
}

// FillOnSomePath creates the Secret after a callee that writes a key only
// on one branch: it may have been created with no Data.
func FillOnSomePath(ctx context.Context, c Store, ns string, root bool) error {
	found := &corev1.Secret{}
	err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: "some"}, found)
	if missing(err) {
		created := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "some"}}
		fillSome(created, root)
		return c.Create(ctx, created)
	}
	found.Data["root"] = []byte("x") // want `write to found\.Data, which may be nil: found is decoded by c\.Get`
	return c.Update(ctx, found)
}

// FillMayReturnEarly creates the Secret after a callee that can return a
// nil error before it writes.
func FillMayReturnEarly(ctx context.Context, c Store, ns, user string) error {
	found := &corev1.Secret{}
	err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: "early"}, found)
	if missing(err) {
		created := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "early"}}
		if err := fillUnlessEmpty(created, user); err != nil {
			return err
		}
		return c.Create(ctx, created)
	}
	found.Data["root"] = []byte("x") // want `write to found\.Data, which may be nil: found is decoded by c\.Get`
	return c.Update(ctx, found)
}

// fillExcept may skip every user before the write: Data may stay empty.
func fillExcept(secret *corev1.Secret, skip string) {
	if secret.Data == nil {
		secret.Data = make(map[string][]byte)
	}
	for _, user := range []string{"root"} {
		if user == skip {
			continue
		}
		if _, ok := secret.Data[user]; !ok {
			secret.Data[user] = []byte("x")
		}
	}
}

// FillSkipping creates the Secret after a loop that can skip the write.
func FillSkipping(ctx context.Context, c Store, ns, skip string) error {
	found := &corev1.Secret{}
	err := c.Get(ctx, types.NamespacedName{Namespace: ns, Name: "skip"}, found)
	if missing(err) {
		created := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "skip"}}
		fillExcept(created, skip)
		return c.Create(ctx, created)
	}
	found.Data["root"] = []byte("x") // want `write to found\.Data, which may be nil: found is decoded by c\.Get`
	return c.Update(ctx, found)
}
