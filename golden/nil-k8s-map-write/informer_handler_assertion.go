package p

import (
	corev1 "k8s.io/api/core/v1"
)

// Informer handlers receive objects as interface{}: after the type
// assertion the object is as the API server sent it, labels possibly nil.
func onAdd(obj interface{}) {
	pod := obj.(*corev1.Pod)
	pod.Labels["seen"] = "true" // want "write to pod.Labels, which may be nil: pod is asserted from obj"
}

func onUpdate(_, newObj interface{}) {
	cm, ok := newObj.(*corev1.ConfigMap)
	if !ok {
		return
	}
	cm.Annotations["updated"] = "true" // want "write to cm.Annotations, which may be nil: cm is asserted from newObj"
}

func onDelete(obj interface{}) {
	svc := obj.(*corev1.Service)
	if svc.Labels == nil {
		svc.Labels = map[string]string{}
	}
	svc.Labels["deleted"] = "true"
}
