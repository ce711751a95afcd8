package p

import "sync"

// Clone runs on many goroutines, but it only copies the routes map into
// the same field of a new Options: no map operation. The copy's reads and
// writes are Options' own methods, and none of them runs on a goroutine.
type Options struct {
	Name   string
	Routes map[string]string
}

func (o *Options) Clone() *Options {
	return &Options{Name: o.Name, Routes: o.Routes}
}

func (o *Options) AddRoute(k, v string) {
	o.Routes[k] = v
}

func (o *Options) Route(k string) string {
	return o.Routes[k]
}

func snapshots(o *Options, n int) []*Options {
	out := make([]*Options, n)
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = o.Clone()
		}()
	}
	wg.Wait()
	return out
}
