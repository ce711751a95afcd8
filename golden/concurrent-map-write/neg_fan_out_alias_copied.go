package p

import (
	"maps"
	"sync"
)

type meta struct {
	labels map[string]string
}

type tenant struct {
	meta meta
	name string
}

type object struct {
	labels map[string]string
}

// sync copies the tenant's map before writing: each goroutine writes a map
// of its own.
func syncAll(objects []*object, t *tenant) {
	var wg sync.WaitGroup
	for _, o := range objects {
		wg.Go(func() {
			sync1(o, t)
		})
	}
	wg.Wait()
}

func sync1(o *object, t *tenant) {
	l := t.meta.labels
	l = maps.Clone(l)
	if l == nil {
		l = make(map[string]string)
	}
	l["tenant"] = t.name
	o.labels = l
}
