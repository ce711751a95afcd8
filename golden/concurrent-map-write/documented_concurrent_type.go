package p

// Resolver caches lookups. It is safe for concurrent use by multiple
// goroutines: by the Go convention its callers share one value between
// goroutines without a lock of their own, so its exported methods run
// several at once.
type Resolver struct {
	cache map[string]string
}

func NewResolver() *Resolver {
	return &Resolver{cache: map[string]string{}}
}

func (r *Resolver) Lookup(name string) string {
	if addr, ok := r.cache[name]; ok {
		return addr
	}
	addr := resolve(name)
	r.cache[name] = addr // want "concurrent write to map r.cache"
	return addr
}

func resolve(name string) string {
	return name + ".local"
}
