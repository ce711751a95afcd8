package controller

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// operationCtx holds the Pod an informer handed over: the write through
// the context's field is judged by what the package stores there.
type operationCtx struct {
	pod  *corev1.Pod
	orig *corev1.Pod
}

func newOperationCtx(obj interface{}) *operationCtx {
	pod := obj.(*corev1.Pod).DeepCopyObject().(*corev1.Pod)
	woc := operationCtx{pod: pod, orig: obj.(*corev1.Pod)}
	if woc.pod.Annotations == nil {
		woc.pod.Annotations = make(map[string]string)
	}
	return &woc
}

func (woc *operationCtx) copyLabels(extra map[string]string) {
	for k, v := range extra {
		woc.pod.Labels[k] = v // want `write to woc\.pod\.Labels, which may be nil: woc\.pod holds pod \(pod is asserted from`
	}
}

// Near miss: the constructor makes the annotations after storing the copy.
func (woc *operationCtx) annotate(k, v string) {
	woc.pod.Annotations[k] = v
}

func Handle(obj interface{}) {
	woc := newOperationCtx(obj)
	woc.copyLabels(map[string]string{"a": "b"})
	woc.annotate("c", "d")
}

// Near miss: the builder only ever holds a Pod it built with its maps made.
type builder struct {
	pod *corev1.Pod
}

func newBuilder(name string) *builder {
	return &builder{pod: &corev1.Pod{ObjectMeta: metav1.ObjectMeta{
		Name:        name,
		Labels:      map[string]string{},
		Annotations: map[string]string{},
	}}}
}

func (b *builder) withLabel(k, v string) *builder {
	b.pod.Labels[k] = v
	return b
}

func Build(name string) *corev1.Pod { return newBuilder(name).withLabel("app", name).pod }

// Near miss: the monitor holds whatever Pod its exported constructor is
// handed; nothing in the package shows an object without the map.
type monitor struct {
	pod *corev1.Pod
}

func NewMonitor(pod *corev1.Pod) *monitor { return &monitor{pod: pod} }

func (m *monitor) Tag() {
	m.pod.Labels["seen"] = "yes"
}
