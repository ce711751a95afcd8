package p

import "context"

// Each value is registered with one controller: two reconcilers of the same
// type have maps of their own, and each controller runs one worker.
type Request struct{ Name string }

type Result struct{}

type Manager struct{}

type Pod struct{}

type Node struct{}

type Builder struct{}

func NewControllerManagedBy(mgr Manager) *Builder { return &Builder{} }

func (b *Builder) For(obj any) *Builder { return b }

func (b *Builder) Complete(r any) error { return nil }

type PodReconciler struct {
	pods map[string]string
}

func (r *PodReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	r.pods[req.Name] = req.Name
	return Result{}, nil
}

func (r *PodReconciler) setup(mgr Manager, obj any) error {
	return NewControllerManagedBy(mgr).For(obj).Complete(r)
}

func NewPodReconciler(mgr Manager, obj any) (*PodReconciler, error) {
	r := PodReconciler{pods: map[string]string{}}
	if err := r.setup(mgr, obj); err != nil {
		return nil, err
	}
	return &r, nil
}

func Setup(mgr Manager) error {
	if _, err := NewPodReconciler(mgr, &Pod{}); err != nil {
		return err
	}
	nodes := &PodReconciler{pods: map[string]string{}}
	if err := NewControllerManagedBy(mgr).For(&Node{}).Complete(nodes); err != nil {
		return err
	}
	_, err := NewPodReconciler(mgr, &Node{})
	return err
}
