// Package controllers builds jobs and marks them.
package controllers

import (
	batchv1 "k8s.io/api/batch/v1"
	"k8s.io/apimachinery/pkg/labels"

	"example.com/madeassign/jobs"
)

// Build marks a job that jobs.Mutate labelled first.
func Build(name string) *batchv1.Job {
	job := &batchv1.Job{}
	job.Name = name
	if err := jobs.Mutate(job, "me"); err != nil {
		return nil
	}
	job.Labels["exclusive"] = "true"
	job.Spec.Template.Labels["exclusive"] = "true"
	return job
}

// BuildInCallback marks the job in the callback that mutates it.
func BuildInCallback(name string, apply func(func() error) error) *batchv1.Job {
	job := &batchv1.Job{}
	job.Name = name
	_ = apply(func() error {
		err := jobs.Mutate(job, "me")
		if err != nil {
			return err
		}
		job.Labels["exclusive"] = "true"
		return nil
	})
	return job
}

// BuildKept trusts a callee that may leave the labels nil.
func BuildKept(name string) *batchv1.Job {
	job := &batchv1.Job{}
	job.Name = name
	jobs.Keep(job)
	job.Labels["exclusive"] = "true"               // want `write to job\.Labels, which may be nil`
	job.Spec.Template.Labels["exclusive"] = "true" // want `write to job\.Spec\.Template\.Labels, which may be nil`
	return job
}

// BuildRelabelled trusts a callee that may put nil back.
func BuildRelabelled(name string) *batchv1.Job {
	job := &batchv1.Job{}
	job.Name = name
	jobs.Relabel(job, true)
	job.Labels["exclusive"] = "true" // want `write to job\.Labels, which may be nil`
	return job
}

// BuildAnnotated writes annotations jobs.Annotate made.
func BuildAnnotated(name string) *batchv1.Job {
	job := &batchv1.Job{}
	job.Name = name
	jobs.Annotate(job)
	job.Annotations["exclusive"] = "true"
	return job
}

// relabel merges into the job's labels: labels.Merge returns a new map.
func relabel(job *batchv1.Job) {
	job.Labels = labels.Merge(nil, labels.Set{"a": "b"})
}

// keepSelector copies a selector that may be nil.
func keepSelector(job *batchv1.Job, selector labels.Set) {
	job.Labels = selector
}

// BuildLocal marks a job relabel merged labels into.
func BuildLocal(name string) *batchv1.Job {
	job := &batchv1.Job{}
	job.Name = name
	relabel(job)
	job.Labels["exclusive"] = "true"
	return job
}

// BuildSelected marks a job whose labels a selector may leave nil.
func BuildSelected(name string, selector labels.Set) *batchv1.Job {
	job := &batchv1.Job{}
	job.Name = name
	keepSelector(job, selector)
	job.Labels["exclusive"] = "true" // want `write to job\.Labels, which may be nil`
	return job
}
