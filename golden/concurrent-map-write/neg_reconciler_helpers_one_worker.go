package p

import "context"

// A controller built with default options runs one worker: Reconcile and
// the helpers it calls run one after the other on that worker, and the
// goroutine it starts receives only a context, not the map.
type Request struct{ Name string }

type Result struct{}

type Options struct {
	Reconciler              any
	MaxConcurrentReconciles int
}

type Manager struct{}

func New(name string, mgr Manager, o Options) error { return nil }

type monitor struct {
	cancel  context.CancelFunc
	started bool
}

type MirrorReconciler struct {
	monitors map[string]*monitor
}

func add(mgr Manager, r *MirrorReconciler) error {
	return New("mirror", mgr, Options{Reconciler: r})
}

func (r *MirrorReconciler) Reconcile(ctx context.Context, req Request) (Result, error) {
	if req.Name == "" {
		r.stop(req.Name)
		return Result{}, nil
	}
	r.start(ctx, req.Name)
	return Result{}, nil
}

func (r *MirrorReconciler) start(ctx context.Context, name string) {
	if _, ok := r.monitors[name]; !ok {
		inner, cancel := context.WithCancel(ctx)
		r.monitors[name] = &monitor{cancel: cancel}
		go watch(inner)
	}
	r.monitors[name].started = true
}

func (r *MirrorReconciler) stop(name string) {
	if m, ok := r.monitors[name]; ok {
		m.cancel()
		delete(r.monitors, name)
	}
}

func watch(ctx context.Context) { <-ctx.Done() }
