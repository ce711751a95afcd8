package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

type Reader interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// patchAnnotations hands a copy of the pod's annotations, nil for a pod
// without any, to whatever function its callers pass.
func patchAnnotations(pod corev1.Pod, f func(map[string]string)) map[string]string {
	annotations := pod.DeepCopy().Annotations
	f(annotations) // want `f may be the function literal at callback_literal_writes\.go:\d+, which writes into its parameter annotations; that is annotations here, which is nil when pod\.DeepCopy\(\)\.Annotations is: .*`
	return annotations
}

// patchMade makes the map before the call.
func patchMade(pod corev1.Pod, f func(map[string]string)) map[string]string {
	annotations := pod.DeepCopy().Annotations
	if annotations == nil {
		annotations = map[string]string{}
	}
	f(annotations)
	return annotations
}

// readAnnotations' callers pass only callbacks that read the map.
func readAnnotations(pod corev1.Pod, f func(map[string]string)) {
	annotations := pod.DeepCopy().Annotations
	f(annotations)
}

// guardedAnnotations' callback makes nothing but returns on a nil map.
func guardedAnnotations(pod corev1.Pod, f func(map[string]string)) {
	annotations := pod.DeepCopy().Annotations
	f(annotations)
}

func Reconcile(ctx context.Context, c Reader, key types.NamespacedName, revision string) (int, error) {
	var pod corev1.Pod
	if err := c.Get(ctx, key, &pod); err != nil {
		return 0, err
	}
	patchAnnotations(pod, func(annotations map[string]string) {
		annotations["last-revision"] = revision
	})
	patchMade(pod, func(annotations map[string]string) {
		annotations["last-revision"] = revision
	})
	seen := 0
	readAnnotations(pod, func(annotations map[string]string) {
		if annotations["last-revision"] == revision {
			seen++
		}
	})
	guardedAnnotations(pod, func(annotations map[string]string) {
		if annotations == nil {
			return
		}
		annotations["last-revision"] = revision
	})
	return seen, nil
}
