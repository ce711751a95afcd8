package controllers

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type RequestLister interface {
	Get(name string) (*corev1.ConfigMap, error)
}

type Deletions struct {
	lister RequestLister
}

func (d *Deletions) patch(req *corev1.ConfigMap, mutate func(*corev1.ConfigMap)) (*corev1.ConfigMap, error) {
	updated := req.DeepCopy()
	mutate(updated)
	return updated, nil
}

// The reassignment in the branch that returns never reaches the write: req
// there is still the lister's object, which may have no labels.
func (d *Deletions) process(name string) error {
	req, err := d.lister.Get(name)
	if err != nil {
		return err
	}
	if req.Data["backup"] == "" {
		req, err = d.patch(req, func(r *corev1.ConfigMap) { r.Data = map[string]string{"error": "no backup"} })
		return err
	}
	req.Labels["backup"] = req.Data["backup"] // want `write to req.Labels, which may be nil: req comes from d.lister.Get`
	return nil
}

// Near miss: the new object is built on the way to the write, with its
// labels made.
func (d *Deletions) processFresh(name string) error {
	req, err := d.lister.Get(name)
	if err != nil {
		return err
	}
	req = &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: req.Name, Labels: map[string]string{}},
		Data:       req.Data,
	}
	req.Labels["backup"] = req.Data["backup"]
	return nil
}
