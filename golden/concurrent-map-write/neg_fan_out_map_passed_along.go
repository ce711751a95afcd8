package p

import "sync"

type envelope struct {
	Extensions map[string]string
}

func fill(ext map[string]string, k string) {
	ext[k] = "x"
}

// The callee replaces the parameter with a copy before it hands it on:
// each goroutine writes a map of its own.
func forward(ext map[string]string, k string) {
	own := make(map[string]string, len(ext))
	for key, v := range ext {
		own[key] = v
	}
	ext = own
	fill(ext, k)
}

func ForwardAll(keys []string) {
	shared := map[string]string{}
	for _, k := range keys {
		go forward(shared, k)
	}
}

// The callee hands the map on under a lock: one writer at a time.
type guarded struct {
	mu sync.Mutex
}

func (g *guarded) forward(ext map[string]string, k string) {
	g.mu.Lock()
	fill(ext, k)
	g.mu.Unlock()
}

func (g *guarded) ForwardAll(keys []string) {
	shared := map[string]string{}
	for _, k := range keys {
		go g.forward(shared, k)
	}
}

// The struct the callee puts the map in gets a map of its own before the
// write.
func wrap(ext map[string]string, k string) envelope {
	env := envelope{Extensions: ext}
	env.Extensions = map[string]string{}
	env.Extensions[k] = "x"
	return env
}

func WrapAll(keys []string) {
	shared := map[string]string{}
	for _, k := range keys {
		go wrap(shared, k)
	}
}

// Each goroutine is handed a map of its own, made in the loop.
func OwnAll(keys []string) {
	for _, k := range keys {
		own := map[string]string{}
		go forward2(own, k)
	}
}

func forward2(ext map[string]string, k string) {
	fill(ext, k)
}

// The callee only reads what it hands on.
func peek(ext map[string]string, k string) string {
	return read(ext, k)
}

func read(ext map[string]string, k string) string {
	return ext[k]
}

func PeekAll(keys []string) {
	shared := map[string]string{"a": "b"}
	for _, k := range keys {
		go peek(shared, k)
	}
}

func reset(env *envelope) {
	env.Extensions = map[string]string{}
}

// A pointer to the struct is kept: the field may be given another map
// through it before the write.
func wrapKept(ext map[string]string, k string) envelope {
	env := envelope{Extensions: ext}
	p := &env
	reset(p)
	env.Extensions[k] = "x"
	return env
}

func WrapKeptAll(keys []string) {
	shared := map[string]string{}
	for _, k := range keys {
		go wrapKept(shared, k)
	}
}
