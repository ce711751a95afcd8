package controllers

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
)

type Lister interface {
	List(ctx context.Context, list any) error
}

func relabel(ctx context.Context, c Lister, revision string) error {
	var list appsv1.DeploymentList
	if err := c.List(ctx, &list); err != nil {
		return err
	}
	for i := range list.Items {
		// apps/v1 validation requires a selector that matches the template's labels
		list.Items[i].Spec.Template.Labels["revision"] = revision
		list.Items[i].Spec.Template.Annotations["revision"] = revision // want `write to list.Items\[i\].Spec.Template.Annotations, which may be nil`
	}
	for _, d := range list.Items {
		d.Spec.Template.Annotations["seen"] = "true" // want `write to d.Spec.Template.Annotations, which may be nil: d is an item of list.Items`
		_ = d
	}
	return nil
}
