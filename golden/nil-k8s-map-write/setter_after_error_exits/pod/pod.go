// Package pod builds worker pods: helpers that set an annotation through
// metav1.Object after validating, and a hash written into the annotations.
package pod

import (
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"example.com/settererr/meta"
)

// setConfig leaves only with a non-nil error before it sets the
// annotation: whenever it returns nil, p.Annotations is made.
func setConfig(p *corev1.Pod, v string) error {
	if v == "" {
		return errors.New("empty config")
	}
	b, err := encode(v)
	if err != nil {
		return fmt.Errorf("could not encode: %v", err)
	}
	meta.SetAnnotation(p, "config", b)
	return nil
}

// setOptional returns nil without setting anything for an empty value.
func setOptional(p *corev1.Pod, v string) error {
	if v == "" {
		return nil
	}
	meta.SetAnnotation(p, "optional", v)
	return nil
}

func encode(v string) (string, error) {
	if len(v) > 64 {
		return "", errors.New("too long")
	}
	return fmt.Sprintf("%q", v), nil
}

func setHash(p *corev1.Pod) {
	p.Annotations["hash"] = "1"
}

func setHashOptional(p *corev1.Pod) {
	p.Annotations["hash"] = "2" // want `write to p\.Annotations, which may be nil`
}

func setHashIgnored(p *corev1.Pod) {
	p.Annotations["hash"] = "3" // want `write to p\.Annotations, which may be nil`
}

// Loader leaves on setConfig's error, so the annotations are made when
// setHash runs.
func Loader(v string) (*corev1.Pod, error) {
	p := &corev1.Pod{}
	if err := setConfig(p, v); err != nil {
		return nil, fmt.Errorf("could not set config: %v", err)
	}
	setHash(p)
	return p, nil
}

// Optional: setOptional may return nil before it sets the annotation.
func Optional(v string) (*corev1.Pod, error) {
	p := &corev1.Pod{}
	if err := setOptional(p, v); err != nil {
		return nil, err
	}
	setHashOptional(p)
	return p, nil
}

// Ignored goes on after setConfig failed, with the annotations unset.
func Ignored(v string) *corev1.Pod {
	p := &corev1.Pod{}
	_ = setConfig(p, v)
	setHashIgnored(p)
	return p
}
