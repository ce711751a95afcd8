package controller

import (
	"context"

	"example.com/untraced/api"
	"example.com/untraced/core"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type Controller struct {
	store map[string]api.StackSet
}

func (c *Controller) collect() map[string]*core.Container {
	out := map[string]*core.Container{}
	for k, s := range c.store {
		out[k] = core.NewContainer(&s)
	}
	return out
}

// Run hands each StackSet on inside a container of another package: this
// package cannot trace what the container's field holds, so it may be any
// StackSet, one without annotations too.
func (c *Controller) Run(ctx context.Context) {
	for _, container := range c.collect() {
		c.Reconcile(ctx, container)
	}
}

func (c *Controller) Reconcile(ctx context.Context, container *core.Container) {
	c.inject(container.StackSet)
}

func (c *Controller) inject(ss *api.StackSet) bool {
	if ss.Annotations["segment"] == "true" {
		return false
	}
	ss.Annotations["segment"] = "true" // want `write to ss\.Annotations, which may be nil: ss is a parameter and Reconcile passes container\.StackSet, whose origin is not traced`
	return true
}

// Near miss: the only caller passes a StackSet it built with annotations.
func (c *Controller) Seed() {
	h := &core.Container{StackSet: &api.StackSet{ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{}}}}
	c.mark(h.StackSet)
}

func (c *Controller) mark(ss *api.StackSet) {
	ss.Annotations["seeded"] = "true"
}
