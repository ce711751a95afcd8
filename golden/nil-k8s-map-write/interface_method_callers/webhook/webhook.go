// Package webhook calls the providers through the module's interface.
package webhook

import (
	"context"
	"errors"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"

	"example.com/ifacecallers/provider"
)

// PodWebhook defaults pods.
type PodWebhook struct {
	Provider provider.Provider
	Volcano  *provider.Volcano
}

// Default returns an error unless the pod holds the group annotation
// before it hands the pod to the provider.
func (p *PodWebhook) Default(ctx context.Context, pod *corev1.Pod) error {
	if _, found := pod.Annotations[provider.GroupKey]; !found {
		return errors.New("group annotation is missing")
	}
	if err := p.Volcano.Default(ctx, pod); err != nil {
		return err
	}
	p.Provider.Annotate(pod)
	return p.Provider.Inject(pod)
}

// Logger has a method named like the provider's.
type Logger struct{ seen []string }

// Annotate records the pod's name.
func (l *Logger) Annotate(pod *corev1.Pod) { l.seen = append(l.seen, pod.Name) }

// Relay calls the logger's Annotate with a bare pod.
func Relay(l *Logger) { l.Annotate(&corev1.Pod{}) }

// Client reads objects from the cluster.
type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// Reconciler reads pods from the cluster.
type Reconciler struct {
	Client   Client
	Provider provider.Provider
}

// Reconcile marks the pod it reads: its annotations may be missing.
func (r *Reconciler) Reconcile(ctx context.Context, key types.NamespacedName) error {
	var pod corev1.Pod
	if err := r.Client.Get(ctx, key, &pod); err != nil {
		return err
	}
	r.Provider.Mark(&pod)
	if value, found := pod.Annotations[provider.GroupKey]; found && value != "" {
		return r.Provider.Inject(&pod)
	}
	return nil
}

// Visit calls Tag in a function literal that another module's function
// calls with values of its own.
func Visit(p provider.Provider, pods []*corev1.Pod) {
	slices.SortFunc(pods, func(a, b *corev1.Pod) int {
		p.Tag(a)
		return 0
	})
}
