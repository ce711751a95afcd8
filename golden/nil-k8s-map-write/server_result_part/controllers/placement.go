// Package controllers places the importer's workloads.
package controllers

import (
	"context"

	v1 "example.com/serverpart/api/v1"
	"example.com/serverpart/common"
)

// Place writes into the node selector of the active importer's placement:
// an importer stored without one decodes with a nil map.
func Place(ctx context.Context, c common.Client, arch string) error {
	placement, err := common.GetPlacement(ctx, c)
	if err != nil {
		return err
	}
	placement.NodeSelector["kubernetes.io/arch"] = arch // want `write to placement.NodeSelector, which may be nil: placement comes from common.GetPlacement, which returns what a client read`
	return nil
}

// Label writes into the labels of the listed item the helper returns.
func Label(ctx context.Context, c common.Client) error {
	cr, err := common.GetActive(ctx, c)
	if err != nil || cr == nil {
		return err
	}
	cr.Labels["seen"] = "true" // want `write to cr.Labels, which may be nil: cr comes from common.GetActive, which returns what a client read`
	return nil
}

// PlaceGuarded makes the map first.
func PlaceGuarded(ctx context.Context, c common.Client, arch string) error {
	placement, err := common.GetPlacement(ctx, c)
	if err != nil {
		return err
	}
	if placement.NodeSelector == nil {
		placement.NodeSelector = map[string]string{}
	}
	placement.NodeSelector["kubernetes.io/arch"] = arch
	return nil
}

// PlaceDefault writes into a part of an importer the helper built.
func PlaceDefault(arch string) {
	placement := common.DefaultPlacement()
	placement.NodeSelector["kubernetes.io/arch"] = arch
}

// LabelBuilt writes into an item of a list the helper built: not read
// from the cluster.
func LabelBuilt() {
	cr := common.BuiltItem()
	cr.Labels["seen"] = "true"
}

// Fresh builds an importer with its labels made.
func Fresh() *v1.Importer {
	cr := &v1.Importer{}
	cr.Labels = map[string]string{}
	cr.Labels["seen"] = "true"
	return cr
}

// PlaceMade writes into a node selector the helper made.
func PlaceMade(ctx context.Context, c common.Client, arch string) error {
	placement, err := common.GetMadePlacement(ctx, c)
	if err != nil || placement == nil {
		return err
	}
	placement.NodeSelector["kubernetes.io/arch"] = arch
	return nil
}

// LabelMade writes into labels the helper made.
func LabelMade(ctx context.Context, c common.Client) error {
	cr, err := common.GetLabelled(ctx, c)
	if err != nil || cr == nil {
		return err
	}
	cr.Labels["seen"] = "true"
	return nil
}

// LabelMadeItem writes into labels the helper made on the item.
func LabelMadeItem(ctx context.Context, c common.Client) error {
	cr, err := common.GetLabelledItem(ctx, c)
	if err != nil || cr == nil {
		return err
	}
	cr.Labels["seen"] = "true"
	return nil
}

// PlaceDefaulted writes into a node selector the helper's callee made.
func PlaceDefaulted(ctx context.Context, c common.Client, arch string) error {
	placement, err := common.GetDefaultedPlacement(ctx, c)
	if err != nil || placement == nil {
		return err
	}
	placement.NodeSelector["kubernetes.io/arch"] = arch
	return nil
}

// PlaceNamed writes into the node selector of a part the helper returns as
// read.
func PlaceNamed(ctx context.Context, c common.Client, arch string) error {
	placement, _, err := common.GetNamedPlacement(ctx, c)
	if err != nil || placement == nil {
		return err
	}
	placement.NodeSelector["kubernetes.io/arch"] = arch // want `write to placement.NodeSelector, which may be nil: placement comes from common.GetNamedPlacement, which returns what a client read`
	return nil
}

// Annotate writes into the annotations of the object a wrapper of a
// wrapper returns.
func Annotate(ctx context.Context, c common.Client) error {
	cr, err := common.GetCurrent(ctx, c)
	if err != nil || cr == nil {
		return err
	}
	cr.Annotations["seen"] = "true" // want `write to cr.Annotations, which may be nil: cr comes from common.GetCurrent, which returns what a client read`
	return nil
}

// LabelRebound writes into the labels of the object a wrapper returns,
// which its helper built after the read.
func LabelRebound(ctx context.Context, c common.Client) error {
	cr, err := common.GetReboundWrapped(ctx, c, "importer")
	if err != nil {
		return err
	}
	cr.Labels["seen"] = "true"
	return nil
}
