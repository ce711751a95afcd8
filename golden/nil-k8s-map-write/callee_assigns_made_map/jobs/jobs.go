// Package jobs fills in the jobs the controllers create.
package jobs

import (
	"maps"

	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// Mutate labels the job: labels.Merge returns a map it made, and so does
// ownLabels.
func Mutate(job *batchv1.Job, owner string) error {
	job.Labels = labels.Merge(job.Labels, labels.Set{"owner": owner})
	job.Spec.Template.Labels = ownLabels(owner)
	return nil
}

// Keep copies the labels: a clone of nil is nil, and pick may return its
// parameter as it is.
func Keep(job *batchv1.Job) {
	job.Labels = maps.Clone(job.Labels)
	job.Spec.Template.Labels = pick(job.Spec.Template.Labels, "")
}

// Relabel merges, then may put back what the job had.
func Relabel(job *batchv1.Job, reset bool) {
	old := job.Labels
	job.Labels = labels.Merge(job.Labels, labels.Set{"relabelled": "true"})
	if reset {
		job.Labels = old
	}
}

// Annotate annotates the job with a map made by another function of the
// package.
func Annotate(job *batchv1.Job) {
	job.Annotations = fresh()
}

// ownLabels returns the map it made, whatever it holds.
func ownLabels(owner string) map[string]string {
	made := map[string]string{}
	if owner != "" {
		made["owner"] = owner
	}
	return made
}

// fresh returns ownLabels' map.
func fresh() map[string]string {
	return ownLabels("")
}

// pick returns its parameter when no key is asked: nil stays nil.
func pick(m map[string]string, key string) map[string]string {
	if key == "" {
		return m
	}
	return map[string]string{key: m[key]}
}
