package ctrl

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

type copier struct {
	pods     corelisters.PodLister
	informer cache.SharedIndexInformer
	client   client.Client
}

// Deep-copied before the writes: the cache's object is left alone.
func (c *copier) label(namespace, name string) (*corev1.Pod, error) {
	pod, err := c.pods.Pods(namespace).Get(name)
	if err != nil {
		return nil, err
	}
	pod = pod.DeepCopy()
	pod.Labels["seen"] = "true"
	return pod, nil
}

// The type assertion's result is copied at once.
func (c *copier) sync(key string) (*corev1.Pod, error) {
	obj, _, err := c.informer.GetIndexer().GetByKey(key)
	if err != nil {
		return nil, err
	}
	pod := obj.(*corev1.Pod).DeepCopy()
	pod.Annotations["synced"] = key
	return pod, nil
}

// A fresh object of our own.
func (c *copier) fresh(name string) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: corev1.ObjectMeta{Name: name, Labels: map[string]string{}}}
	pod.Labels["new"] = "true"
	return pod
}

// controller-runtime's client decodes (or deep-copies from its cache) into
// the caller's object: it is not shared.
func (c *copier) read(ctx context.Context, name string) (*corev1.Pod, error) {
	var pod corev1.Pod
	if err := c.client.Get(ctx, client.ObjectKey{Name: name}, &pod); err != nil {
		return nil, err
	}
	pod.Labels["read"] = "true"
	return &pod, nil
}

// A copy by value whose map is replaced wholesale before the writes.
func (c *copier) replaced(namespace, name string) (*corev1.Pod, error) {
	pod, err := c.pods.Pods(namespace).Get(name)
	if err != nil {
		return nil, err
	}
	cp := *pod
	cp.Labels = map[string]string{}
	for k, v := range pod.Labels {
		cp.Labels[k] = v
	}
	cp.Labels["copy"] = "deep"
	return &cp, nil
}

// A map of the cached object aliased, then replaced by a copy of its own.
func (c *copier) cloned(namespace, name string) (map[string]string, error) {
	pod, err := c.pods.Pods(namespace).Get(name)
	if err != nil {
		return nil, err
	}
	labels := pod.GetLabels()
	labels = copyLabels(labels)
	labels["owner"] = name
	return labels, nil
}

func copyLabels(in map[string]string) map[string]string {
	out := make(map[string]string, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

// Only read from the cached objects; the handler copies before writing.
func (c *copier) watch(seen map[string]string) {
	c.informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			pod := obj.(*corev1.Pod)
			for k, v := range pod.Labels {
				_, _ = k, v
			}
			cp := pod.DeepCopy()
			cp.Labels["added"] = "true"
		},
	})
}

// The handed-over object is copied by the callee before it writes.
func (c *copier) stampAll() error {
	pods, err := c.pods.List("")
	if err != nil {
		return err
	}
	for _, pod := range pods {
		stampCopy(pod, "v2")
	}
	return nil
}

func stampCopy(p *corev1.Pod, version string) *corev1.Pod {
	p = p.DeepCopy()
	p.Annotations["version"] = version
	return p
}
