package controllers

import (
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const clusterLabel = "cluster.x-k8s.io/cluster-name"

type Cluster struct{ Name string }

// clusterFrom gives no cluster for metadata without the label: a cluster
// means the caller's Labels (shared by the copy) held the key.
func clusterFrom(meta metav1.ObjectMeta) (*Cluster, error) {
	if meta.Labels[clusterLabel] == "" {
		return nil, errors.New("no cluster label")
	}
	return &Cluster{Name: meta.Labels[clusterLabel]}, nil
}

// ownerOf gives nil for no pod or a pod without the label.
func ownerOf(pod *corev1.Pod) *Cluster {
	if pod == nil {
		return nil
	}
	name, ok := pod.Labels[clusterLabel]
	if !ok {
		return nil
	}
	return &Cluster{Name: name}
}

// Mark leaves when no cluster was found, not on the error.
func Mark(pod *corev1.Pod) {
	cluster, err := clusterFrom(pod.ObjectMeta)
	if err != nil {
		println(err.Error())
	}
	if cluster == nil {
		return
	}
	pod.Labels["seen"] = cluster.Name
}

// MarkOwned writes where an owner was found.
func MarkOwned(pod *corev1.Pod) {
	if owner := ownerOf(pod); owner != nil {
		pod.Labels["seen"] = owner.Name
	}
}

// MarkNamed writes where an owner with a name was found.
func MarkNamed(pod *corev1.Pod) {
	owner := ownerOf(pod)
	if owner != nil && owner.Name != "" {
		pod.Labels["seen"] = owner.Name
	}
}

// MarkFallback may take the owner of another pod.
func MarkFallback(pod, other *corev1.Pod) {
	owner := ownerOf(pod)
	if owner == nil {
		owner = ownerOf(other)
	}
	if owner == nil {
		return
	}
	pod.Labels["seen"] = owner.Name // want `write to pod\.Labels, which may be nil: pod is a parameter`
}

var cached *Cluster

// cachedOwner may give the cached cluster before it looks at the labels.
func cachedOwner(pod *corev1.Pod) *Cluster {
	if cached != nil {
		return cached
	}
	if pod.Labels[clusterLabel] == "" {
		return nil
	}
	return &Cluster{Name: pod.Labels[clusterLabel]}
}

// MarkCached trusts a result that may not come from the labels.
func MarkCached(pod *corev1.Pod) {
	if owner := cachedOwner(pod); owner != nil {
		pod.Labels["seen"] = owner.Name // want `write to pod\.Labels, which may be nil: pod is a parameter`
	}
}

// MarkUnowned writes where no owner was found.
func MarkUnowned(pod *corev1.Pod) {
	if owner := ownerOf(pod); owner != nil {
		return
	}
	pod.Labels["seen"] = "none" // want `write to pod\.Labels, which may be nil: pod is a parameter`
}

// MarkOther writes to a pod whose owner was not looked up.
func MarkOther(pod, other *corev1.Pod) {
	if owner := ownerOf(other); owner != nil {
		pod.Labels["seen"] = owner.Name // want `write to pod\.Labels, which may be nil: pod is a parameter`
	}
}

// MarkRebound looked up the owner of the pod the variable held before.
func MarkRebound(pod, other *corev1.Pod) {
	owner := ownerOf(pod)
	pod = other
	if owner == nil {
		return
	}
	pod.Labels["seen"] = owner.Name // want `write to pod\.Labels, which may be nil: pod is`
}
