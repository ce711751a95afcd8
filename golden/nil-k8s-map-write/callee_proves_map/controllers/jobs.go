package controllers

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	jobsv1 "example.com/calleeproof/api/v1"
)

// FromTemplate builds a Job with the metadata its callers made.
func fromTemplate(meta metav1.ObjectMeta, owner string) *jobsv1.Job {
	job := &jobsv1.Job{ObjectMeta: meta}
	job.GetLabels()["owner"] = owner
	job.Labels["kind"] = "job"
	return job
}

// Bare builds a Job without metadata.
func Bare(owner string) *jobsv1.Job {
	job := &jobsv1.Job{Spec: jobsv1.JobSpec{Image: "busybox"}}
	job.GetLabels()["owner"] = owner // want `write to job\.GetLabels\(\), which may be nil; use job\.SetLabels to change Labels`
	return job
}

// OwnGetter writes through a getter that is not ObjectMeta's.
func OwnGetter(meta metav1.ObjectMeta, owner string) *jobsv1.Task {
	task := &jobsv1.Task{ObjectMeta: meta}
	task.GetLabels()["owner"] = owner // want `write to task\.GetLabels\(\), which may be nil; use task\.SetLabels to change Labels`
	return task
}

// Labelled hands fromTemplate made labels.
func Labelled(owner string) *jobsv1.Job {
	return fromTemplate(metav1.ObjectMeta{Labels: map[string]string{}}, owner)
}
