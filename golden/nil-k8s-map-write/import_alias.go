package controllers

import (
	core "k8s.io/api/core/v1"
	kmeta "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func Annotate(svc *core.Service, ns *core.Namespace) kmeta.Object {
	svc.Annotations["owner"] = ns.Name // want `write to svc.Annotations, which may be nil: svc is a parameter`

	svc.Spec.Selector["app"] = "web" // want `write to svc.Spec.Selector, which may be nil: svc is a parameter`
	return svc
}
