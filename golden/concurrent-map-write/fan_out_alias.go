package p

import "sync"

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

// Every goroutine of the loop gets the same *tenant; sync takes the tenant's
// map into a local, makes it only when it is nil, and writes it: while the
// tenant has labels, the local is the tenant's map.
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
	update(func() {
		l := t.meta.labels
		if l == nil {
			l = make(map[string]string)
		}
		l["tenant"] = t.name // want "concurrent write to map l: syncAll starts goroutines in a loop that all pass t to sync1"
		o.labels = l
	})
}

func update(f func()) { f() }
