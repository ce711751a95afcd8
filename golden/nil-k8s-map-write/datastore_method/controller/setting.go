package controller

import (
	corev1 "k8s.io/api/core/v1"

	"example.com/datastoremethod/datastore"
)

// SecretLister lists the Secrets of a namespace (a lister's shape).
type SecretLister interface {
	List() ([]*corev1.Secret, error)
}

// SettingController keeps the backup target's Secret annotated.
type SettingController struct {
	ds     *datastore.DataStore
	lister SecretLister
}

// Annotate marks the Secret read through the datastore's method: a Secret
// stored without annotations comes back with a nil map.
func (sc *SettingController) Annotate(name, target string) error {
	secret, err := sc.ds.GetSecret(name)
	if err != nil {
		return err
	}
	secret.Annotations["backup-target"] = target // want `write to secret.Annotations, which may be nil: secret comes from sc.ds.GetSecret, which returns what a client read`
	return nil
}

// Near miss: the datastore builds this Secret itself, with its annotations.
func (sc *SettingController) AnnotateDefault(name, target string) error {
	secret, err := sc.ds.DefaultSecret(name)
	if err != nil {
		return err
	}
	secret.Annotations["backup-target"] = target
	return nil
}

func (sc *SettingController) clusterSecret(server string) (*corev1.Secret, error) {
	for _, secret := range sc.listed() {
		if secret.Name == server {
			return secret, nil
		}
	}
	return &corev1.Secret{}, nil
}

func (sc *SettingController) listed() []*corev1.Secret {
	secrets, err := sc.lister.List()
	if err != nil {
		return nil
	}
	return secrets
}

// Touch writes the annotations of a Secret found by the receiver's own
// method among the listed ones (the not-found literal leaves them out too).
func (sc *SettingController) Touch(server, at string) error {
	secret, err := sc.clusterSecret(server)
	if err != nil {
		return err
	}
	secret.Annotations["modified-at"] = at // want `write to secret.Annotations, which may be nil: secret comes from sc.clusterSecret`
	return nil
}

// Near miss: a method of the package whose literal sets the map.
func (sc *SettingController) fresh(name string) *corev1.Secret {
	s := &corev1.Secret{}
	s.Name = name
	s.Annotations = map[string]string{}
	return s
}

// TouchFresh writes into a Secret the receiver's method made with annotations.
func (sc *SettingController) TouchFresh(name, at string) {
	secret := sc.fresh(name)
	secret.Annotations["modified-at"] = at
}
