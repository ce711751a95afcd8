package p

import "context"

// controller-runtime calls SetupWithManager before the manager starts any
// controller: a table filled there is only read by Reconcile.
type Request struct{ Name string }

type Result struct{}

type Manager interface{ Add(any) error }

type Migrator struct {
	configs map[string]int
}

func (r *Migrator) SetupWithManager(ctx context.Context, mgr Manager) error {
	r.setup([]string{"a", "b"})
	r.register("a")
	return mgr.Add(r)
}

func (r *Migrator) setup(kinds []string) {
	r.configs = map[string]int{}
	for i, k := range kinds {
		r.configs[k] = i
	}
}

func (r *Migrator) Reconcile(ctx context.Context, req Request) (Result, error) {
	_ = r.configs[req.Name]
	return Result{}, nil
}

var kinds = map[string]bool{}

type Other struct{}

func (o *Other) Reconcile(ctx context.Context, req Request) (Result, error) {
	_ = kinds[req.Name]
	return Result{}, nil
}

func (r *Migrator) register(k string) {
	kinds[k] = true
}
