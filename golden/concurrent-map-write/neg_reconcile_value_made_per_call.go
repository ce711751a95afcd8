package p

import (
	"context"
	"sort"
)

// Each Reconcile builds its inventory with inventoryFor, which makes the
// value, fills it and returns it without handing it to anyone: every
// concurrent request has an inventory of its own, so the writes of its
// methods are confined to the request's goroutine, however many workers run.
type Request struct{ Name string }

type Result struct{}

type Options struct{ MaxConcurrentReconciles int }

type item struct {
	name  string
	owner string
}

type inventory struct {
	byName  map[string]*item
	byOwner map[string]*item
	free    []*item
}

func inventoryFor(items []item) (*inventory, error) {
	inv := inventory{
		byName:  make(map[string]*item),
		byOwner: make(map[string]*item),
	}
	for i := range items {
		it := &items[i]
		inv.byName[it.name] = it
		if it.owner == "" {
			inv.free = append(inv.free, it)
		} else {
			inv.byOwner[it.owner] = it
		}
	}
	sort.Slice(inv.free, func(i, j int) bool { return inv.free[i].name < inv.free[j].name })
	return &inv, nil
}

func emptyInventory() *inventory {
	return &inventory{byName: map[string]*item{}, byOwner: map[string]*item{}}
}

func (v *inventory) assign(owner string) {
	if len(v.free) == 0 {
		return
	}
	it := v.free[0]
	v.free = v.free[1:]
	it.owner = owner
	v.byOwner[owner] = it
}

func (v *inventory) forget(name string) {
	delete(v.byName, name)
	delete(v.byOwner, name)
}

type PoolReconciler struct {
	items []item
}

func (r *PoolReconciler) Options() Options {
	return Options{MaxConcurrentReconciles: 4}
}

func (r *PoolReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	inv, err := inventoryFor(r.items)
	if err != nil {
		return Result{}, err
	}
	inv.assign(req.Name)
	inv.forget("old")
	spare := emptyInventory()
	spare.assign(req.Name)
	return Result{}, nil
}
