package p

import "context"

// inventoryFor keeps the inventory it builds in a package variable before
// returning it: the value is no longer the request's alone. Two workers of
// the reconciler (MaxConcurrentReconciles: 4) write its map while another
// request can reach it through latest.
type Request struct{ Name string }

type Result struct{}

type Options struct{ MaxConcurrentReconciles int }

type inventory struct {
	byOwner map[string]string
}

var latest *inventory

func inventoryFor(names []string) *inventory {
	inv := &inventory{byOwner: make(map[string]string)}
	for _, n := range names {
		inv.byOwner[n] = ""
	}
	latest = inv
	return inv
}

func (v *inventory) assign(owner, name string) {
	v.byOwner[owner] = name // want "concurrent write to map v.byOwner: assign runs on several goroutines"
}

type PoolReconciler struct {
	names []string
}

func (r *PoolReconciler) Options() Options {
	return Options{MaxConcurrentReconciles: 4}
}

func (r *PoolReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	inv := inventoryFor(r.names)
	inv.assign(req.Name, "x")
	return Result{}, nil
}
