package controllers

import (
	"context"
	"errors"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

type shardReader interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

type ShardSpec struct {
	Name   string            `json:"name"`
	Config map[string]string `json:"config,omitempty"`
}

type RouterSpec struct {
	Name   string            `json:"name"`
	Config map[string]string `json:"config,omitempty"`
}

type ShardedSpec struct {
	Shards []*ShardSpec  `json:"shards,omitempty"`
	Config *ShardSpec    `json:"config,omitempty"`
	Router []*RouterSpec `json:"router,omitempty"`
}

// Sharded is a custom resource read from the API server.
type Sharded struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ShardedSpec `json:"spec,omitempty"`
}

// SetDefaults of a shard checks its Config: a key found means a map.
func (s *ShardSpec) SetDefaults() error {
	if _, ok := s.Config["engine"]; !ok {
		return errors.New("engine is required")
	}
	return nil
}

// SetDefaults of a router (the same method name) checks nothing.
func (r *RouterSpec) SetDefaults() error {
	if r.Name == "" {
		r.Name = "router"
	}
	return nil
}

// CheckNSetDefaults ranges over a local that holds every shard and maybe
// the config shard: the range value is a *ShardSpec, whose SetDefaults
// checks its Config.
func (cr *Sharded) CheckNSetDefaults() error {
	shards := cr.Spec.Shards
	if cr.Spec.Config != nil {
		shards = append(shards, cr.Spec.Config)
	}
	for _, shard := range shards {
		if err := shard.SetDefaults(); err != nil {
			return err
		}
	}
	for _, router := range cr.Spec.Router {
		if err := router.SetDefaults(); err != nil {
			return err
		}
	}
	return nil
}

type ShardedReconciler struct {
	client shardReader
}

func (r *ShardedReconciler) Reconcile(ctx context.Context, key types.NamespacedName) error {
	cr := &Sharded{}
	if err := r.client.Get(ctx, key, cr); err != nil {
		return err
	}
	if err := cr.CheckNSetDefaults(); err != nil {
		return err
	}
	for _, shard := range cr.Spec.Shards {
		shard.Config["reconciled"] = "true"
	}
	// near miss: the router's SetDefaults checks nothing
	for _, router := range cr.Spec.Router {
		router.Config["reconciled"] = "true" // want `write to router\.Config, which may be nil: router is an item of cr\.Spec\.Router`
	}
	return nil
}
