// Package controllers reconciles widgets read from the cluster.
package controllers

import (
	"context"

	"k8s.io/apimachinery/pkg/types"

	v1 "example.com/apipart/api/v1"
	"example.com/apipart/telemetry"
)

// Client reads objects.
type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// Reconcile labels the service monitors of a widget read from the cluster.
func Reconcile(ctx context.Context, c Client, key types.NamespacedName) (map[string]string, error) {
	var w v1.Widget
	if err := c.Get(ctx, key, &w); err != nil {
		return nil, err
	}
	labels := mustLabels(w.Name, w.Spec.Telemetry.Prometheus.CommonLabels) // want `mustLabels writes into its parameter additional, which is w\.Spec\.Telemetry\.Prometheus\.CommonLabels here and may be nil: w is decoded by c\.Get`
	return labels, nil
}

// ReconcileGuarded makes the map before the call.
func ReconcileGuarded(ctx context.Context, c Client, key types.NamespacedName) (map[string]string, error) {
	var w v1.Widget
	if err := c.Get(ctx, key, &w); err != nil {
		return nil, err
	}
	if w.Spec.Telemetry.Prometheus.CommonLabels == nil {
		w.Spec.Telemetry.Prometheus.CommonLabels = map[string]string{}
	}
	return mustLabels(w.Name, w.Spec.Telemetry.Prometheus.CommonLabels), nil
}

// Relabel writes into the map of a widget read from the cluster.
func Relabel(ctx context.Context, c Client, key types.NamespacedName) error {
	var w v1.Widget
	if err := c.Get(ctx, key, &w); err != nil {
		return err
	}
	w.Spec.Telemetry.Prometheus.CommonLabels["team"] = "a" // want `write to w\.Spec\.Telemetry\.Prometheus\.CommonLabels, which may be nil: w is decoded by c\.Get`
	return nil
}

// Extend writes into options the program builds: not a part of an API
// object, so its map is nil only when built without it.
func Extend(o *telemetry.Options) {
	o.Extra["team"] = "a"
}

func mustLabels(name string, additional map[string]string) map[string]string {
	additional["app.kubernetes.io/managed-by"] = "widget-operator"
	additional["app.kubernetes.io/instance"] = name
	return additional
}
