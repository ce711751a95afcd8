package p

import (
	"context"
	"sync"
)

// parallel runs every function it is handed on a goroutine of its own and
// waits for all of them.
func parallel(fns ...func() error) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(fns))
	for _, fn := range fns {
		t := fn
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- t()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

type botanist struct {
	secrets   map[string]string
	checksums map[string]string
}

func (b *botanist) deployCloudSecret() error {
	b.secrets["cloud"] = "x" // want "concurrent write to map b.secrets"
	sum := "y"
	b.checksums["cloud"] = sum // want "concurrent write to map b.checksums"
	return nil
}

func (b *botanist) deploySecrets() error {
	all := ""
	for name := range b.secrets {
		all += name
	}
	b.checksums["all"] = all // want "concurrent write to map b.checksums"
	return nil
}

// The two tasks run at once on the one botanist: one writes the maps the
// other ranges and writes.
func (b *botanist) Deploy() error {
	return parallel(b.deployCloudSecret, b.deploySecrets)
}

// TaskFn is a task of a flow.
type TaskFn func(ctx context.Context) error

func runAll(ctx context.Context, tasks []TaskFn) {
	var wg sync.WaitGroup
	for _, task := range tasks {
		wg.Add(1)
		go func(task TaskFn) {
			defer wg.Done()
			_ = task(ctx)
		}(task)
	}
	wg.Wait()
}

type registry struct {
	hosts map[string]int
}

// The literals of the slice run at once, both writing one map.
func (r *registry) Refresh(ctx context.Context) {
	runAll(ctx, []TaskFn{
		func(ctx context.Context) error {
			r.hosts["a"] = 1 // want "concurrent write to map r.hosts"
			return nil
		},
		func(ctx context.Context) error {
			r.hosts["b"] = 2 // want "concurrent write to map r.hosts"
			return nil
		},
	})
}

// forEachNode runs check for every node at once.
func forEachNode(nodes []string, check func(node string)) {
	var wg sync.WaitGroup
	for _, n := range nodes {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			check(n)
		}(n)
	}
	wg.Wait()
}

type numaPlugin struct {
	assigned map[string]string
}

func (pl *numaPlugin) predicate(node string) {
	pl.assigned[node] = "fit" // want "concurrent write to map pl.assigned"
}

// The predicate runs for many nodes at once.
func (pl *numaPlugin) Filter(nodes []string) {
	forEachNode(nodes, pl.predicate)
}
