package controllers

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func stamp(obj metav1.Object, owner string) {
	obj.GetLabels()["owner"] = owner // want `write to obj.GetLabels\(\), which may be nil; use obj.SetLabels`
}

func stampAnnotation(obj metav1.Object, labels string) {
	obj.GetAnnotations()["note"] = labels // want `write to obj.GetAnnotations\(\)`
}
