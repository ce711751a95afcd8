package p

// The goroutine gets the map field and writes it, but nothing else in the
// package uses the field after it starts (only the setup before the go
// statement).
type registry struct {
	seen map[string]bool
}

func newRegistry(first string) *registry {
	r := &registry{seen: map[string]bool{}}
	r.seen[first] = true
	go track(r.seen, first)
	return r
}

func track(seen map[string]bool, name string) {
	seen[name+"/done"] = true
}
