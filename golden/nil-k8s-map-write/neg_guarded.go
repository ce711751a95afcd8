package controllers

import (
	"context"
	"maps"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

type Getter interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

func guarded(ctx context.Context, c Getter, key types.NamespacedName, extra map[string]string) error {
	var cm corev1.ConfigMap
	if err := c.Get(ctx, key, &cm); err != nil {
		return err
	}
	if cm.Data == nil {
		cm.Data = make(map[string]string)
	}
	cm.Data["a"] = "b"
	if cm.Annotations != nil {
		cm.Annotations["seen"] = "true"
	}
	metav1.SetMetaDataLabel(&cm.ObjectMeta, "managed", "true")
	if len(cm.BinaryData) > 0 {
		cm.BinaryData["x"] = nil
	}
	if cm.Labels == nil {
		cm.Labels = map[string]string{}
	}
	maps.Copy(cm.Labels, extra)
	return nil
}
