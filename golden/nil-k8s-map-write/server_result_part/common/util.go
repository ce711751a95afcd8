// Package common holds the helpers the controllers share.
package common

import (
	"context"
	"errors"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	v1 "example.com/serverpart/api/v1"
)

// Client reads and lists objects.
type Client interface {
	Get(ctx context.Context, key string, obj any) error
	List(ctx context.Context, list any) error
}

// GetActive returns the first importer the client lists, as the API server
// stores it.
func GetActive(ctx context.Context, c Client) (*v1.Importer, error) {
	list := &v1.ImporterList{}
	if err := c.List(ctx, list); err != nil {
		return nil, err
	}
	if len(list.Items) == 0 {
		return nil, nil
	}
	return &list.Items[0], nil
}

// GetPlacement returns the workload placement of the active importer: a
// part of the object the client read.
func GetPlacement(ctx context.Context, c Client) (*v1.NodePlacement, error) {
	cr, err := GetActive(ctx, c)
	if err != nil {
		return nil, err
	}
	if cr == nil {
		return nil, errors.New("no active importer")
	}
	return &cr.Spec.Workloads, nil
}

// DefaultPlacement returns a part of an importer the helper built itself.
func DefaultPlacement() *v1.NodePlacement {
	cr := &v1.Importer{}
	cr.Spec.Workloads.NodeSelector = map[string]string{}
	return &cr.Spec.Workloads
}

// BuiltItem returns an item of a list the helper built itself.
func BuiltItem() *v1.Importer {
	list := &v1.ImporterList{Items: []v1.Importer{{}}}
	return &list.Items[0]
}

// GetMadePlacement makes the node selector of the part it returns.
func GetMadePlacement(ctx context.Context, c Client) (*v1.NodePlacement, error) {
	cr, err := GetActive(ctx, c)
	if err != nil || cr == nil {
		return nil, err
	}
	if cr.Spec.Workloads.NodeSelector == nil {
		cr.Spec.Workloads.NodeSelector = map[string]string{}
	}
	return &cr.Spec.Workloads, nil
}

// GetLabelled makes the labels of the listed item it returns.
func GetLabelled(ctx context.Context, c Client) (*v1.Importer, error) {
	list := &v1.ImporterList{}
	if err := c.List(ctx, list); err != nil || len(list.Items) == 0 {
		return nil, err
	}
	cr := &list.Items[0]
	if cr.Labels == nil {
		cr.Labels = map[string]string{}
	}
	return cr, nil
}

// GetLabelledItem makes the labels of the listed item it returns.
func GetLabelledItem(ctx context.Context, c Client) (*v1.Importer, error) {
	list := &v1.ImporterList{}
	if err := c.List(ctx, list); err != nil || len(list.Items) == 0 {
		return nil, err
	}
	if list.Items[0].Labels == nil {
		list.Items[0].Labels = map[string]string{}
	}
	return &list.Items[0], nil
}

// GetDefaultedPlacement hands the part to a function that may make its map.
func GetDefaultedPlacement(ctx context.Context, c Client) (*v1.NodePlacement, error) {
	cr, err := GetActive(ctx, c)
	if err != nil || cr == nil {
		return nil, err
	}
	setDefaults(&cr.Spec.Workloads)
	return &cr.Spec.Workloads, nil
}

// GetNamedPlacement logs the importer's name, a string: the part is still
// as the client read it.
func GetNamedPlacement(ctx context.Context, c Client) (*v1.NodePlacement, string, error) {
	cr, err := GetActive(ctx, c)
	if err != nil || cr == nil {
		return nil, "", err
	}
	name := describe(cr.Name)
	return &cr.Spec.Workloads, name, nil
}

func setDefaults(p *v1.NodePlacement) {
	if p.NodeSelector == nil {
		p.NodeSelector = map[string]string{}
	}
}

func describe(name string) string {
	return "importer " + name
}

// GetCurrent returns what GetActive returns.
func GetCurrent(ctx context.Context, c Client) (*v1.Importer, error) {
	cr, err := GetActive(ctx, c)
	if err != nil {
		return nil, err
	}
	return cr, nil
}

// GetRebound reads the importer, then replaces it with one it builds with
// its labels made.
func GetRebound(ctx context.Context, c Client, key string) (*v1.Importer, error) {
	cr := &v1.Importer{}
	if err := c.Get(ctx, key, cr); err != nil {
		return nil, err
	}
	cr = &v1.Importer{ObjectMeta: metav1.ObjectMeta{Name: key, Labels: map[string]string{}}}
	return cr, nil
}

// GetReboundWrapped returns what GetRebound returns.
func GetReboundWrapped(ctx context.Context, c Client, key string) (*v1.Importer, error) {
	cr, err := GetRebound(ctx, c, key)
	return cr, err
}
