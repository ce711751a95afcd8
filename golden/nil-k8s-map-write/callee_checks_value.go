package controllers

import (
	"errors"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

const certKey = "tls.crt"

// certOf fails unless the secret holds a certificate: a nil map reads as
// empty, so a nil error means Data held the key.
func certOf(s *corev1.Secret) ([]byte, error) {
	if len(s.Data[certKey]) == 0 {
		return nil, errors.New("no certificate")
	}
	return s.Data[certKey], nil
}

// appOf fails for a missing secret or an empty app label.
func appOf(s *corev1.Secret) (string, error) {
	if s == nil || s.Labels["app"] == "" {
		return "", errors.New("no app label")
	}
	return s.Labels["app"], nil
}

// ownerOf fails unless the owner annotation read into v is set.
func ownerOf(s *corev1.Secret) error {
	v := s.Annotations["owner"]
	if v == "" {
		return errors.New("no owner")
	}
	return nil
}

// needsResign answers false for a secret without a certificate.
func needsResign(s *corev1.Secret) bool {
	if s == nil || len(s.Data[certKey]) == 0 {
		return false
	}
	return s.Name != "ca"
}

// Resign writes after certOf found the certificate.
func Resign(s *corev1.Secret) error {
	if _, err := certOf(s); err != nil {
		return err
	}
	s.Data["tls.key"] = nil
	return nil
}

// Relabel writes after appOf found the app label.
func Relabel(s *corev1.Secret) error {
	if _, err := appOf(s); err != nil {
		return err
	}
	s.Labels["seen"] = "true"
	return nil
}

// Reannotate writes after ownerOf found the owner.
func Reannotate(s *corev1.Secret) error {
	if err := ownerOf(s); err != nil {
		return err
	}
	s.Annotations["seen"] = "true"
	return nil
}

// Update writes only where needsResign answered true.
func Update(s *corev1.Secret) {
	if needsResign(s) {
		s.Data["tls.key"] = nil
	}
}

// strictCertOf fails for a missing certificate only when strict.
func strictCertOf(s *corev1.Secret, strict bool) error {
	if len(s.Data[certKey]) == 0 && strict {
		return errors.New("no certificate")
	}
	return nil
}

// ResignLax trusts a check that may pass without a certificate.
func ResignLax(s *corev1.Secret, strict bool) error {
	if err := strictCertOf(s, strict); err != nil {
		return err
	}
	s.Data["tls.key"] = nil // want `write to s\.Data, which may be nil: s is a parameter`
	return nil
}

// notOn fails when the mode is "on": any other value, "" of a nil map too, passes.
func notOn(s *corev1.Secret) error {
	if s.Labels["mode"] == "on" {
		return errors.New("mode is on")
	}
	return nil
}

// RelabelOff trusts a check that passes for a nil map.
func RelabelOff(s *corev1.Secret) error {
	if err := notOn(s); err != nil {
		return err
	}
	s.Labels["seen"] = "true" // want `write to s\.Labels, which may be nil: s is a parameter`
	return nil
}

// defaultedOwner reads the owner, then gives it a default before the check.
func defaultedOwner(s *corev1.Secret) error {
	v := s.Annotations["owner"]
	if strings.TrimSpace(s.Name) == "" {
		v = "nobody"
	}
	if v == "" {
		return errors.New("no owner")
	}
	return nil
}

// ReannotateDefaulted trusts a check of a value that may not be the map's.
func ReannotateDefaulted(s *corev1.Secret) error {
	if err := defaultedOwner(s); err != nil {
		return err
	}
	s.Annotations["seen"] = "true" // want `write to s\.Annotations, which may be nil: s is a parameter`
	return nil
}

// soonResign may answer true before it looks at the certificate.
func soonResign(s *corev1.Secret) bool {
	if s.Name == "ca" {
		return true
	}
	if len(s.Data[certKey]) == 0 {
		return false
	}
	return true
}

// UpdateSoon trusts a predicate that answers true without a certificate.
func UpdateSoon(s *corev1.Secret) {
	if soonResign(s) {
		s.Data["tls.key"] = nil // want `write to s\.Data, which may be nil: s is a parameter`
	}
}

// UpdateOther checks another secret.
func UpdateOther(s, other *corev1.Secret) {
	if needsResign(other) {
		s.Data["tls.key"] = nil // want `write to s\.Data, which may be nil: s is a parameter`
	}
}
