// Package controllers creates objects for an Inventory, records their
// names in its status and reads them back by those names.
package controllers

import (
	"context"

	v1 "example.com/statusref/api/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// CreatePlan creates the plan Secret with a plan entry (StringData, which
// the API server merges into Data) and records its name in the status.
func CreatePlan(ctx context.Context, c client.Client, inv *v1.Inventory) error {
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: inv.Namespace, Name: inv.Name + "-plan"},
		StringData: map[string]string{"plan": "{}"},
	}
	if err := c.Create(ctx, secret); err != nil {
		return err
	}
	inv.Status.Plan = &v1.PlanStatus{
		SecretRef: &v1.Reference{Namespace: secret.Namespace, Name: secret.Name},
	}
	return nil
}

// UpdatePlan reads the plan Secret at the name the status records: every
// place that sets that reference names a Secret stored with Data, so the
// Secret decodes with a non-nil Data.
func UpdatePlan(ctx context.Context, c client.Client, inv *v1.Inventory, plan []byte) error {
	if inv.Status.Plan == nil || inv.Status.Plan.SecretRef == nil {
		return nil
	}
	secret := &corev1.Secret{}
	if err := c.Get(ctx, types.NamespacedName{
		Namespace: inv.Status.Plan.SecretRef.Namespace,
		Name:      inv.Status.Plan.SecretRef.Name,
	}, secret); err != nil {
		return err
	}
	secret.Data["plan"] = plan
	return c.Update(ctx, secret)
}

// ResetPlan reads the plan Secret the same way and hands it on.
func ResetPlan(ctx context.Context, c client.Client, inv *v1.Inventory) error {
	if inv.Status.Plan == nil || inv.Status.Plan.SecretRef == nil {
		return nil
	}
	secret := &corev1.Secret{}
	key := types.NamespacedName{Namespace: inv.Namespace, Name: inv.Status.Plan.SecretRef.Name}
	err := c.Get(ctx, key, secret)
	if err != nil {
		return err
	}
	return reset(ctx, c, inv, secret)
}

// reset writes into the Secret, stores it and records it again: a write
// into a nil Data would have panicked before the name is recorded.
func reset(ctx context.Context, c client.Client, inv *v1.Inventory, secret *corev1.Secret) error {
	secret.Data["plan"] = []byte("{}")
	if err := c.Update(ctx, secret); err != nil {
		return err
	}
	inv.Status.Plan = &v1.PlanStatus{SecretRef: &v1.Reference{Name: secret.Name}}
	return nil
}

// RelabelPlan writes the labels of the Secret: metadata that other
// programs set or strip, so a stored Secret may have none.
func RelabelPlan(ctx context.Context, c client.Client, inv *v1.Inventory) error {
	secret := &corev1.Secret{}
	key := types.NamespacedName{Namespace: inv.Namespace, Name: inv.Status.Plan.SecretRef.Name}
	if err := c.Get(ctx, key, secret); err != nil {
		return err
	}
	secret.Labels["plan"] = "reset" // want `write to secret\.Labels, which may be nil`
	return c.Update(ctx, secret)
}

// PlanOrDefault goes on when the read fails: the Secret it did not find
// is the zero value, without Data.
func PlanOrDefault(ctx context.Context, c client.Client, inv *v1.Inventory) error {
	secret := &corev1.Secret{}
	key := types.NamespacedName{Namespace: inv.Namespace, Name: inv.Status.Plan.SecretRef.Name}
	_ = c.Get(ctx, key, secret)
	secret.Data["plan"] = []byte("{}") // want `write to secret\.Data, which may be nil`
	return c.Update(ctx, secret)
}

// UserSecret reads the Secret the spec names: the user writes the spec.
func UserSecret(ctx context.Context, c client.Client, inv *v1.Inventory) error {
	secret := &corev1.Secret{}
	key := types.NamespacedName{Namespace: inv.Namespace, Name: inv.Spec.SecretRef.Name}
	if err := c.Get(ctx, key, secret); err != nil {
		return err
	}
	secret.Data["seen"] = []byte("yes") // want `write to secret\.Data, which may be nil`
	return c.Update(ctx, secret)
}

// CreateBackup stores the backup Secret with an empty Data: it is stored
// without data and decodes with a nil Data.
func CreateBackup(ctx context.Context, c client.Client, inv *v1.Inventory) error {
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: inv.Namespace, Name: inv.Name + "-backup"},
		Data:       map[string][]byte{},
	}
	if err := c.Create(ctx, secret); err != nil {
		return err
	}
	inv.Status.BackupRef = &v1.Reference{Name: secret.Name}
	return nil
}

// Backup reads the backup Secret back.
func Backup(ctx context.Context, c client.Client, inv *v1.Inventory) error {
	secret := &corev1.Secret{}
	key := types.NamespacedName{Namespace: inv.Namespace, Name: inv.Status.BackupRef.Name}
	if err := c.Get(ctx, key, secret); err != nil {
		return err
	}
	secret.Data["backup"] = []byte("done") // want `write to secret\.Data, which may be nil`
	return c.Update(ctx, secret)
}

// CreateConfig stores the ConfigMap with data, but another path records
// a name it was given, which may name anyone's ConfigMap.
func CreateConfig(ctx context.Context, c client.Client, inv *v1.Inventory, adopted string) error {
	if adopted != "" {
		inv.Status.ConfigRef = &v1.Reference{Name: adopted}
		return nil
	}
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Namespace: inv.Namespace, Name: inv.Name + "-config"},
		Data:       map[string]string{"mode": "on"},
	}
	if err := c.Create(ctx, cm); err != nil {
		return err
	}
	inv.Status.ConfigRef = &v1.Reference{Name: cm.Name}
	return nil
}

// Config reads the recorded ConfigMap back.
func Config(ctx context.Context, c client.Client, inv *v1.Inventory) error {
	cm := &corev1.ConfigMap{}
	key := types.NamespacedName{Namespace: inv.Namespace, Name: inv.Status.ConfigRef.Name}
	if err := c.Get(ctx, key, cm); err != nil {
		return err
	}
	cm.Data["mode"] = "off" // want `write to cm\.Data, which may be nil`
	return c.Update(ctx, cm)
}

// CreateCache stores the cache ConfigMap with data and records it, but the
// reference is also handed to a function that may point it elsewhere.
func CreateCache(ctx context.Context, c client.Client, inv *v1.Inventory) error {
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Namespace: inv.Namespace, Name: inv.Name + "-cache"},
		Data:       map[string]string{"size": "1"},
	}
	if err := c.Create(ctx, cm); err != nil {
		return err
	}
	inv.Status.CacheRef = &v1.Reference{Name: cm.Name}
	rename(inv.Status.CacheRef, inv.Name+"-old")
	return nil
}

func rename(ref *v1.Reference, name string) {
	ref.Name = name
}

// Cache reads the recorded cache ConfigMap back.
func Cache(ctx context.Context, c client.Client, inv *v1.Inventory) error {
	cm := &corev1.ConfigMap{}
	key := types.NamespacedName{Namespace: inv.Namespace, Name: inv.Status.CacheRef.Name}
	if err := c.Get(ctx, key, cm); err != nil {
		return err
	}
	cm.Data["size"] = "2" // want `write to cm\.Data, which may be nil`
	return c.Update(ctx, cm)
}

// CreateToken records the token Secret's name before it is created, and
// creates it only when asked: the name may be recorded for no Secret.
func CreateToken(ctx context.Context, c client.Client, inv *v1.Inventory, create bool) error {
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: inv.Namespace, Name: inv.Name + "-token"},
		Data:       map[string][]byte{"token": []byte("t")},
	}
	if create {
		if err := c.Create(ctx, secret); err != nil {
			return err
		}
	}
	inv.Status.TokenRef = &v1.Reference{Name: secret.Name}
	return nil
}

// Token reads the recorded token Secret back.
func Token(ctx context.Context, c client.Client, inv *v1.Inventory) error {
	secret := &corev1.Secret{}
	key := types.NamespacedName{Namespace: inv.Namespace, Name: inv.Status.TokenRef.Name}
	if err := c.Get(ctx, key, secret); err != nil {
		return err
	}
	secret.Data["token"] = []byte("u") // want `write to secret\.Data, which may be nil`
	return c.Update(ctx, secret)
}
