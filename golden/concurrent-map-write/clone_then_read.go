package p

import "sync"

// The goroutines read the routes map through their clones: the copy shares
// the map, so AddRoute races with Route.
type Options struct {
	Name   string
	Routes map[string]string
}

func (o *Options) Clone() *Options {
	return &Options{Name: o.Name, Routes: o.Routes}
}

func (o *Options) AddRoute(k, v string) {
	o.Routes[k] = v // want "concurrent write to map o.Routes: Route runs on several goroutines"
}

func (o *Options) Route(k string) string {
	return o.Routes[k]
}

func lookups(o *Options, keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := o.Clone()
			_ = c.Route(k)
		}()
	}
	wg.Wait()
}
