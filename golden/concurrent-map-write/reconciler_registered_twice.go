package p

import "context"

// NewPodReconciler registers the value it returns with one controller, and
// Setup registers the same value with a second one: each controller runs its
// own worker, so Reconcile runs on two goroutines at once.
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
	r.pods[req.Name] = req.Name // want "concurrent write to map r.pods"
	return Result{}, nil
}

func (r *PodReconciler) setup(mgr Manager) error {
	return NewControllerManagedBy(mgr).For(&Pod{}).Complete(r)
}

func NewPodReconciler(mgr Manager) (*PodReconciler, error) {
	r := PodReconciler{pods: map[string]string{}}
	if err := r.setup(mgr); err != nil {
		return nil, err
	}
	return &r, nil
}

func Setup(mgr Manager) error {
	pods, err := NewPodReconciler(mgr)
	if err != nil {
		return err
	}
	return NewControllerManagedBy(mgr).For(&Node{}).Complete(pods)
}

// SetupWithManager hands its receiver to two controllers.
type NodeReconciler struct {
	seen map[string]int
}

func (r *NodeReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	r.seen[req.Name]++ // want "concurrent write to map r.seen"
	return Result{}, nil
}

func (r *NodeReconciler) SetupWithManager(mgr Manager) error {
	if err := NewControllerManagedBy(mgr).For(&Node{}).Complete(r); err != nil {
		return err
	}
	return NewControllerManagedBy(mgr).For(&Pod{}).Complete(r)
}
