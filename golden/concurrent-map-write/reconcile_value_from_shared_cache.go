package p

import "context"

// inventoryFor hands back the inventory a package map keeps per pool: two
// requests for one pool get the same value, and two workers of the
// reconciler (MaxConcurrentReconciles: 4) write its map at once.
type Request struct{ Name string }

type Result struct{}

type Options struct{ MaxConcurrentReconciles int }

type inventory struct {
	byOwner map[string]string
}

var inventories = map[string]*inventory{}

func inventoryFor(pool string) *inventory {
	if inv, ok := inventories[pool]; ok {
		return inv
	}
	inv := &inventory{byOwner: make(map[string]string)}
	inventories[pool] = inv // want "concurrent write to map inventories: inventoryFor runs on several goroutines"
	return inv
}

func (v *inventory) assign(owner, name string) {
	v.byOwner[owner] = name // want "concurrent write to map v.byOwner: assign runs on several goroutines"
}

type PoolReconciler struct{}

func (r *PoolReconciler) Options() Options {
	return Options{MaxConcurrentReconciles: 4}
}

func (r *PoolReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	inv := inventoryFor("pool")
	inv.assign(req.Name, "x")
	return Result{}, nil
}
