package ctrl

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
)

// Each object of the store's List reaches a function that writes its
// annotations through apimachinery's accessor: the cached object's own map.
func (c *controller) annotateAll(source string) []any {
	items := c.informer.GetStore().List()
	for _, obj := range items {
		addSource(obj, source)
	}
	return items
}

func addSource(obj any, source string) {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return
	}
	annotations := accessor.GetAnnotations()
	if annotations == nil {
		annotations = map[string]string{}
	}
	annotations["source"] = source // want "concurrent write to map annotations: it aliases accessor.GetAnnotations..; addSource.s caller passes obj, which comes from the informer cache's List"
}

// A new object built around the cached object's labels map.
func (c *controller) derive(namespace, name string) (*corev1.ConfigMap, error) {
	pod, err := c.pods.Pods(namespace).Get(name)
	if err != nil {
		return nil, err
	}
	out := &corev1.ConfigMap{
		ObjectMeta: corev1.ObjectMeta{
			Name:   pod.Name,
			Labels: pod.GetLabels(),
		},
	}
	out.Labels["derived"] = "true"           // want "concurrent write to map out.Labels: it aliases pod.GetLabels..; pod comes from a lister's Get"
	out.ObjectMeta.Labels["from"] = pod.Name // want "concurrent write to map out.ObjectMeta.Labels: it aliases pod.GetLabels..; pod comes from a lister's Get"
	return out, nil
}

// An element of the lister's List result written through the slice.
func (c *controller) first() error {
	pods, err := c.pods.List("")
	if err != nil || len(pods) == 0 {
		return err
	}
	pods[0].Labels["first"] = "true" // want "concurrent write to map pods.0..Labels: pods comes from a lister's List"
	return nil
}

// The items of the store's List, indexed and handed on or type-asserted.
func (c *controller) tagAll(source string) {
	objs := c.informer.GetStore().List()
	for i := range objs {
		addSource(objs[i], source)
	}
	for i := range objs {
		cm := objs[i].(*corev1.ConfigMap)
		cm.Data["tagged"] = source // want "concurrent write to map cm.Data: cm comes from the informer cache's List"
	}
}

// An element of the lister's List taken into a variable.
func (c *controller) last() error {
	pods, err := c.pods.List("")
	if err != nil || len(pods) == 0 {
		return err
	}
	pod := pods[len(pods)-1]
	pod.Annotations["last"] = "true" // want "concurrent write to map pod.Annotations: pod comes from a lister's List, the informer's shared cached object that"
	return nil
}
