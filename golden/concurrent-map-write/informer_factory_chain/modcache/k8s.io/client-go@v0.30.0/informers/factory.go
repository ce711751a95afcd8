// Package informers is a stand-in for client-go's shared informer factory.
package informers

import corev1 "k8s.io/client-go/informers/core/v1"

type SharedInformerFactory interface {
	Core() Group
}

type Group interface {
	V1() corev1.Interface
}
