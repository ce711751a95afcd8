package controllers

import corev1 "k8s.io/api/core/v1"

const workerRole = "node-role.kubernetes.io/worker"

// isWorker answers true only when it found the worker role among the
// labels: a key found means the map is not nil.
func isWorker(node *corev1.Node) bool {
	_, worker := node.Labels[workerRole]
	_, master := node.Labels["node-role.kubernetes.io/control-plane"]
	if master {
		return false
	}
	return worker && node.Name != ""
}

// hasRole answers true for a node without labels too.
func hasRole(node *corev1.Node, always bool) bool {
	_, worker := node.Labels[workerRole]
	return worker || always
}

// LabelWorker labels worker nodes only.
func LabelWorker(node *corev1.Node) {
	if !isWorker(node) {
		return
	}
	node.Labels["managed"] = "true"
}

// LabelIf labels a worker node inside the check.
func LabelIf(node *corev1.Node) {
	if isWorker(node) && node.Name != "" {
		node.Labels["managed"] = "true"
	}
}

// LabelAny trusts a predicate that may answer true without labels.
func LabelAny(node *corev1.Node, always bool) {
	if !hasRole(node, always) {
		return
	}
	node.Labels["managed"] = "true" // want `write to node\.Labels, which may be nil: node is a parameter`
}

// LabelOther checks another node.
func LabelOther(node, other *corev1.Node) {
	if !isWorker(other) {
		return
	}
	node.Labels["managed"] = "true" // want `write to node\.Labels, which may be nil: node is a parameter`
}
