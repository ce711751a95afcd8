package p

import "sync"

type Source struct {
	Name   string
	Labels map[string]string
}

type client struct {
	source *Source
	conn   string
}

type Manifest struct {
	Name   string
	Labels map[string]string
}

type entry struct {
	mu   sync.Mutex
	tags map[string]string
}

// Provider serves List and Get from many goroutines: they hold mu's read
// lock at once.
type Provider struct {
	mu      sync.RWMutex
	clients map[string]client
	entries map[string]*entry
}

// Every List holds the read lock at once with the others, and each hands the
// same client's Source to toManifest, which writes into its Labels.
func (p *Provider) List() []Manifest {
	p.mu.RLock()
	defer p.mu.RUnlock()
	var out []Manifest
	for _, c := range p.clients {
		out = append(out, toManifest(c))
	}
	return out
}

func toManifest(c client) Manifest {
	src := c.source
	m := Manifest{Name: src.Name, Labels: src.Labels}
	if m.Labels == nil {
		m.Labels = map[string]string{}
	}
	m.Labels["catalog"] = src.Name // want "concurrent write to map m.Labels: it aliases src.Labels; toManifest's caller passes c, which comes from p.clients, read under only the read lock of p.mu: the other readers that hold p.mu.RLock\(\) get the same value at once"
	return m
}

// The entry read under the read lock is the one every reader gets.
func (p *Provider) Tag(name, k, v string) {
	p.mu.RLock()
	e, ok := p.entries[name]
	p.mu.RUnlock()
	if !ok {
		return
	}
	e.tags[k] = v // want "concurrent write to map e.tags: e comes from p.entries, read under only the read lock of p.mu"
}

// Under the write lock no reader runs at once.
func (p *Provider) TagLocked(name, k, v string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e, ok := p.entries[name]; ok {
		e.tags[k] = v
	}
}

// The entry's own mutex guards its map.
func (p *Provider) TagGuarded(name, k, v string) {
	p.mu.RLock()
	e := p.entries[name]
	p.mu.RUnlock()
	if e == nil {
		return
	}
	e.mu.Lock()
	e.tags[k] = v
	e.mu.Unlock()
}

// A copy of the labels is this reader's own map.
func (p *Provider) Copied(name string) map[string]string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	c, ok := p.clients[name]
	if !ok {
		return nil
	}
	out := map[string]string{}
	for k, v := range c.source.Labels {
		out[k] = v
	}
	out["catalog"] = c.source.Name
	return out
}

// A fresh value replaces the shared one before the write.
func (p *Provider) Fresh(name, k, v string) *entry {
	p.mu.RLock()
	e := p.entries[name]
	p.mu.RUnlock()
	e = &entry{tags: map[string]string{}}
	e.tags[k] = v
	return e
}

// Registry has no read lock: nothing says its readers run at once.
type Registry struct {
	mu      sync.Mutex
	entries map[string]*entry
}

func (r *Registry) Tag(name, k, v string) {
	r.mu.Lock()
	e := r.entries[name]
	r.mu.Unlock()
	if e != nil {
		e.mu.Lock()
		e.tags[k] = v
		e.mu.Unlock()
	}
}
