package main

import (
	"context"
	"os"

	"example.com/operator/controllers"
)

type manager struct{ runnables []any }

func (m *manager) Add(r any) error {
	m.runnables = append(m.runnables, r)
	return nil
}

func (m *manager) Start(ctx context.Context) error {
	<-ctx.Done()
	return nil
}

func setup(mgr controllers.Manager) error {
	controllers.RegisterFeatures([]string{"helm", "kustomize"})
	controllers.Remember("setup")
	return mgr.Add(&controllers.FeatureReconciler{})
}

func main() {
	var mgr controllers.Manager = &manager{}
	if err := setup(mgr); err != nil {
		os.Exit(1)
	}
	if err := mgr.Start(context.Background()); err != nil {
		os.Exit(1)
	}
}
