package controllers

import (
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const clusterLabel = "cluster.x-k8s.io/cluster-name"

// clusterOf gets the metadata by value: its Labels is the caller's map, so
// a nil error means the caller's Labels held the key.
func clusterOf(meta metav1.ObjectMeta) (string, error) {
	if meta.Labels[clusterLabel] == "" {
		return "", errors.New("no cluster label")
	}
	return meta.Labels[clusterLabel], nil
}

// inCluster answers true only when the copy's Labels (the caller's map)
// held the key.
func inCluster(meta metav1.ObjectMeta) bool {
	_, ok := meta.Labels[clusterLabel]
	return ok
}

// Mark writes after clusterOf found the label.
func Mark(pod *corev1.Pod) error {
	if _, err := clusterOf(pod.ObjectMeta); err != nil {
		return err
	}
	pod.Labels["seen"] = "true"
	return nil
}

// MarkIf writes where inCluster answered true.
func MarkIf(pod *corev1.Pod) {
	if inCluster(pod.ObjectMeta) {
		pod.Labels["seen"] = "true"
	}
}

// relabeled replaces the copy's map before it checks it: the key it finds
// is in its own map, not the caller's.
func relabeled(meta metav1.ObjectMeta) (string, error) {
	meta.Labels = map[string]string{clusterLabel: "default"}
	if meta.Labels[clusterLabel] == "" {
		return "", errors.New("no cluster label")
	}
	return meta.Labels[clusterLabel], nil
}

// MarkRelabeled trusts a check of another map.
func MarkRelabeled(pod *corev1.Pod) error {
	if _, err := relabeled(pod.ObjectMeta); err != nil {
		return err
	}
	pod.Labels["seen"] = "true" // want `write to pod\.Labels, which may be nil: pod is a parameter`
	return nil
}

// defaulted hands the copy's address on before it checks it.
func defaulted(meta metav1.ObjectMeta) (string, error) {
	setDefaults(&meta)
	if meta.Labels[clusterLabel] == "" {
		return "", errors.New("no cluster label")
	}
	return meta.Labels[clusterLabel], nil
}

func setDefaults(meta *metav1.ObjectMeta) {
	if meta.Labels == nil {
		meta.Labels = map[string]string{clusterLabel: "default"}
	}
}

// MarkDefaulted trusts a check of a copy that may have been given a map.
func MarkDefaulted(pod *corev1.Pod) error {
	if _, err := defaulted(pod.ObjectMeta); err != nil {
		return err
	}
	pod.Labels["seen"] = "true" // want `write to pod\.Labels, which may be nil: pod is a parameter`
	return nil
}

// MarkOther checks another pod's metadata.
func MarkOther(pod, other *corev1.Pod) error {
	if _, err := clusterOf(other.ObjectMeta); err != nil {
		return err
	}
	pod.Labels["seen"] = "true" // want `write to pod\.Labels, which may be nil: pod is a parameter`
	return nil
}
