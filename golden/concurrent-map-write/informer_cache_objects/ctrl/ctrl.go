package ctrl

import (
	corev1 "k8s.io/api/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
)

// The informer's cache hands out the cached objects themselves: every
// worker, every handler and the informer read them, so their maps are
// read-only (client-go: "must not modify anything returned by Get or List").
type controller struct {
	pods     corelisters.PodLister
	informer cache.SharedIndexInformer
}

// A lister's Get.
func (c *controller) label(namespace, name string) error {
	pod, err := c.pods.Pods(namespace).Get(name)
	if err != nil {
		return err
	}
	pod.Labels["seen"] = "true" // want "concurrent write to map pod.Labels: pod comes from a lister's Get, the informer's shared cached object that other workers and the informer read"
	return nil
}

// An indexer's GetByKey, type-asserted.
func (c *controller) sync(key string) error {
	obj, exists, err := c.informer.GetIndexer().GetByKey(key)
	if err != nil || !exists {
		return err
	}
	pod := obj.(*corev1.Pod)
	pod.Annotations["synced"] = key // want "concurrent write to map pod.Annotations: pod comes from the informer cache's GetByKey"
	return nil
}

// The store's List, each item type-asserted.
func (c *controller) markAll() {
	for _, obj := range c.informer.GetStore().List() {
		cm, ok := obj.(*corev1.ConfigMap)
		if !ok {
			continue
		}
		cm.Annotations["marked"] = "yes" // want "concurrent write to map cm.Annotations: cm comes from the informer cache's List"
	}
}

// A lister's List, ranged.
func (c *controller) pin(zone string) error {
	pods, err := c.pods.List("app=web")
	if err != nil {
		return err
	}
	for _, pod := range pods {
		pod.Spec.NodeSelector["zone"] = zone // want "concurrent write to map pod.Spec.NodeSelector: pod comes from a lister's List"
	}
	return nil
}

// An indexer's ByIndex, ranged and type-asserted.
func (c *controller) onNode(node string) error {
	objs, err := c.informer.GetIndexer().ByIndex("node", node)
	if err != nil {
		return err
	}
	for _, obj := range objs {
		pod := obj.(*corev1.Pod)
		delete(pod.Labels, "scheduled") // want "concurrent write to map pod.Labels: pod comes from the informer cache's ByIndex"
	}
	return nil
}

// The arguments of the informer's event handlers.
func (c *controller) watch() {
	c.informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			pod := obj.(*corev1.Pod)
			pod.Labels["added"] = "true" // want "concurrent write to map pod.Labels: pod is the argument of an informer's AddFunc handler"
		},
		UpdateFunc: c.onUpdate,
	})
}

func (c *controller) onUpdate(_, newObj any) {
	pod, ok := newObj.(*corev1.Pod)
	if !ok {
		return
	}
	pod.Annotations["updated"] = "true" // want "concurrent write to map pod.Annotations: pod is the argument of an informer's UpdateFunc handler"
}

// A map of the cached object aliased, then written.
func (c *controller) aliases(namespace, name string) (*corev1.ConfigMap, error) {
	pod, err := c.pods.Pods(namespace).Get(name)
	if err != nil {
		return nil, err
	}
	labels := pod.GetLabels()
	if labels == nil {
		labels = map[string]string{}
	}
	labels["owner"] = name // want "concurrent write to map labels: it aliases pod.GetLabels..; pod comes from a lister's Get"
	out := &corev1.ConfigMap{}
	out.Annotations = pod.Annotations
	out.Annotations["from"] = pod.Name // want "concurrent write to map out.Annotations: it aliases pod.Annotations; pod comes from a lister's Get"
	return out, nil
}

// A copy by value keeps the cached object's maps.
func (c *controller) shallow(namespace, name string) (*corev1.Pod, error) {
	pod, err := c.pods.Pods(namespace).Get(name)
	if err != nil {
		return nil, err
	}
	cp := *pod
	cp.Labels["copy"] = "shallow" // want "concurrent write to map cp.Labels: cp comes from a lister's Get"
	return &cp, nil
}

// The cached object handed to a function that writes its maps.
func (c *controller) stampAll() error {
	pods, err := c.pods.List("")
	if err != nil {
		return err
	}
	for _, pod := range pods {
		stamp(pod, "v2")
	}
	return nil
}

func stamp(p *corev1.Pod, version string) {
	p.Annotations["version"] = version // want "concurrent write to map p.Annotations: stamp.s caller passes pod as p, which comes from a lister.s List"
}
