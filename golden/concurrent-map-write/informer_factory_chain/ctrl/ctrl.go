package ctrl

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/informers"
)

type nodes struct {
	factory informers.SharedInformerFactory
}

// The factory's chain ends in the shared informer's lister: the Node it
// returns is the cached object, read by every worker and by the informer.
func (c nodes) Get(name string) (*corev1.Node, error) {
	node, err := c.factory.Core().V1().Nodes().Lister().Get(name)
	if err != nil {
		return nil, err
	}
	c.annotate(node)
	return node, nil
}

func (c nodes) annotate(node *corev1.Node) {
	if node.Annotations == nil {
		node.Annotations = map[string]string{}
	}
	node.Annotations["requests"] = "1" // want "concurrent write to map node.Annotations: annotate's caller passes node, which comes from the informer cache's Get"
}

// Copied first: the cache's object is left alone.
func (c nodes) Copy(name string) (*corev1.Node, error) {
	node, err := c.factory.Core().V1().Nodes().Lister().Get(name)
	if err != nil {
		return nil, err
	}
	node = node.DeepCopy()
	node.Annotations["requests"] = "1"
	return node, nil
}
