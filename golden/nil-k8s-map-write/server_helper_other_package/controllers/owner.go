package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"

	"example.com/serverhelper/kubeapi"
)

// Own labels a namespace read through the helper of another package: a
// namespace stored without labels decodes with a nil map.
func Own(ctx context.Context, c kubeapi.Namespaces, name, owner string) (*corev1.Namespace, error) {
	ns, found, err := kubeapi.GetNamespace(ctx, c, name)
	if err != nil || !found {
		return nil, err
	}
	ns.Labels["owner"] = owner // want `write to ns.Labels, which may be nil: ns comes from kubeapi.GetNamespace, which returns what a client read`
	return ns, nil
}

// Near miss: the helper builds the namespace itself, with its labels made.
func Fresh(name, owner string) string {
	ns := kubeapi.NewNamespace(name)
	ns.Labels["owner"] = owner
	return ns.Name
}
