package controllers

import (
	"encoding/json"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The check makes the map of the pod passed in; the patch branch then
// points pod at a new object decoded from the patched bytes, whose
// annotations are what the bytes hold (an empty map marshals away).
func PatchPod(pod *corev1.Pod, patched []byte, state string) (*corev1.Pod, error) {
	if pod.Annotations == nil {
		pod.Annotations = make(map[string]string)
	}
	if patched != nil {
		pod = &corev1.Pod{}
		if err := json.Unmarshal(patched, pod); err != nil {
			return nil, err
		}
	}
	pod.Annotations["state"] = state // want `write to pod.Annotations, which may be nil: pod is decoded by json.Unmarshal`
	return pod, nil
}

// Checked again after the new object is decoded.
func PatchPodChecked(pod *corev1.Pod, patched []byte, state string) (*corev1.Pod, error) {
	if patched != nil {
		pod = &corev1.Pod{}
		if err := json.Unmarshal(patched, pod); err != nil {
			return nil, err
		}
	}
	if pod.Annotations == nil {
		pod.Annotations = make(map[string]string)
	}
	pod.Annotations["state"] = state
	return pod, nil
}

// The branch that replaces the pod returns it: the write sees only the
// checked pod.
func PatchPodReturned(pod *corev1.Pod, patched []byte, state string) (*corev1.Pod, error) {
	if pod.Annotations == nil {
		pod.Annotations = make(map[string]string)
	}
	if patched != nil {
		pod = &corev1.Pod{}
		err := json.Unmarshal(patched, pod)
		return pod, err
	}
	pod.Annotations["state"] = state
	return pod, nil
}

// The new object is built with the map.
func ReplacePodBuilt(pod *corev1.Pod, fresh bool, state string) *corev1.Pod {
	if pod.Annotations == nil {
		pod.Annotations = make(map[string]string)
	}
	if fresh {
		pod = &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{}}}
	}
	pod.Annotations["state"] = state
	return pod
}

// A deep copy of the checked pod keeps the made map.
func CopyChecked(pod *corev1.Pod, state string) *corev1.Pod {
	if pod.Annotations == nil {
		pod.Annotations = make(map[string]string)
	}
	pod = pod.DeepCopy()
	pod.Annotations["state"] = state
	return pod
}

// Another variable is rebound, not the one checked.
func OtherRebound(pod *corev1.Pod, patched []byte, state string) (*corev1.Pod, error) {
	if pod.Annotations == nil {
		pod.Annotations = make(map[string]string)
	}
	other := pod
	if patched != nil {
		other = &corev1.Pod{}
		if err := json.Unmarshal(patched, other); err != nil {
			return nil, err
		}
	}
	pod.Annotations["state"] = state
	return other, nil
}
