package p

import "context"

type health struct {
	cancel context.CancelFunc
	ctx    context.Context
}

type cluster struct {
	routines map[string]*health
}

// The goroutine gets the cluster's map itself and deletes from it when its
// context ends, while stop (on the caller's side) writes the same map.
func (c *cluster) start(ctx context.Context, daemon string) {
	inner, cancel := context.WithCancel(ctx)
	c.routines[daemon] = &health{cancel: cancel, ctx: inner}
	go watch(c.routines, daemon)
}

func watch(routines map[string]*health, daemon string) {
	<-routines[daemon].ctx.Done()
	delete(routines, daemon) // want "concurrent write to map routines: start passes c.routines to watch on a new goroutine, which writes it while stop uses the field, without a lock"
}

func (c *cluster) stop(daemon string) {
	if h, ok := c.routines[daemon]; ok {
		h.cancel()
		delete(c.routines, daemon)
	}
}
