package ctrl

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
)

// The accessor of a deep copy: the copy's own map.
func (c *copier) annotateCopies(source string) {
	for _, obj := range c.informer.GetStore().List() {
		pod, ok := obj.(*corev1.Pod)
		if !ok {
			continue
		}
		addSourceCopy(pod.DeepCopy(), source)
	}
}

func addSourceCopy(obj any, source string) {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return
	}
	annotations := accessor.GetAnnotations()
	if annotations != nil {
		annotations["source"] = source
	}
}

// A new object with a labels map of its own, filled from the cached one.
func (c *copier) derive(namespace, name string) (*corev1.ConfigMap, error) {
	pod, err := c.pods.Pods(namespace).Get(name)
	if err != nil {
		return nil, err
	}
	out := &corev1.ConfigMap{ObjectMeta: corev1.ObjectMeta{Name: pod.Name, Labels: map[string]string{}}}
	for k, v := range pod.Labels {
		out.Labels[k] = v
	}
	out.Labels["derived"] = "true"
	return out, nil
}

// New objects built beside the cached ones, each with maps of its own.
func (c *copier) rebuild(pods []*corev1.Pod) {
	for _, pod := range pods {
		fresh := &corev1.Pod{ObjectMeta: corev1.ObjectMeta{Name: pod.Name, Labels: map[string]string{}}}
		fresh.Labels["own"] = "true"
	}
}

// Each item deep-copied before it is handed on or written.
func (c *copier) tagAll(source string) {
	objs := c.informer.GetStore().List()
	for i := range objs {
		cm := objs[i].(*corev1.ConfigMap).DeepCopy()
		cm.Data["tagged"] = source
	}
	pods, err := c.pods.List("")
	if err != nil {
		return
	}
	for i := range pods {
		addSourceCopy(pods[i].DeepCopy(), source)
	}
}
