package p

import "sync"

// Get fills the cache on a miss through fill, and takes only the read lock:
// read locks are shared, so two Gets that miss at once both write the map.
type Cache struct {
	mu    sync.RWMutex
	items map[string]int
}

func NewCache() *Cache {
	return &Cache{items: map[string]int{}}
}

func (c *Cache) fill(k string) int {
	v := len(k)
	c.items[k] = v // want "write to map c.items under only the read lock of c.mu: Get holds c.mu.RLock\(\) around fill"
	return v
}

func (c *Cache) Get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.items[k]; ok {
		return v
	}
	return c.fill(k)
}

// Two calls deep: lookup runs under Find's read lock, and so does compile.
type Compiled struct {
	mu    sync.RWMutex
	byKey map[string][]string
}

func (c *Compiled) compile(k string) []string {
	out := []string{k}
	c.byKey[k] = out // want "under only the read lock of c.mu: Find holds c.mu.RLock\(\) around compile"
	return out
}

func (c *Compiled) lookup(k string) []string {
	if out, ok := c.byKey[k]; ok {
		return out
	}
	return c.compile(k)
}

func (c *Compiled) Find(k string) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.lookup(k)
}

func (c *Compiled) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byKey = map[string][]string{}
}

// A method of a named map type that writes its receiver, called under the
// read lock: the lazy matcher cache of a query.
type matcherCache map[string][]string

func (m matcherCache) get(k string) []string {
	if v, ok := m[k]; ok {
		return v
	}
	v := []string{k}
	m[k] = v
	return v
}

type Silences struct {
	mtx sync.RWMutex
	st  map[string]string
	mc  matcherCache
}

func (s *Silences) matchers(k string) []string {
	return s.mc.get(k) // want "write to map s.mc under only the read lock of s.mtx: Query holds s.mtx.RLock\(\) around matchers"
}

func (s *Silences) Query(k string) []string {
	s.mtx.RLock()
	defer s.mtx.RUnlock()
	if _, ok := s.st[k]; !ok {
		return nil
	}
	return s.matchers(k)
}

func (s *Silences) Set(k, v string) {
	s.mtx.Lock()
	defer s.mtx.Unlock()
	s.st[k] = v
	delete(s.mc, k)
}

// The near miss of a helper that makes a scope only when asked to: one
// read-locked caller asks (init is true under RLock), so two of its calls at
// once both write the map.
type Scoped struct {
	mu sync.RWMutex
	m  map[string]map[string]int
}

func NewScoped() *Scoped {
	return &Scoped{m: map[string]map[string]int{}}
}

func (c *Scoped) scoped(kind string, init bool) (map[string]int, bool) {
	scope, ok := c.m[kind]
	if init && !ok {
		scope = map[string]int{}
		c.m[kind] = scope // want "write to map c.m under only the read lock of c.mu: Ensure holds c.mu.RLock\(\) around scoped"
	}
	return scope, ok
}

func (c *Scoped) Values(kind string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	scope, _ := c.scoped(kind, false)
	return len(scope)
}

func (c *Scoped) Ensure(kind string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.scoped(kind, true)
}

func (c *Scoped) Remove(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, kind)
}

// The near miss of a helper that sets its init parameter itself: the false
// a read-locked caller passes proves nothing about the write.
type Forced struct {
	mu sync.RWMutex
	m  map[string]map[string]int
}

func NewForced() *Forced {
	return &Forced{m: map[string]map[string]int{}}
}

func (c *Forced) scoped(kind string, init bool) map[string]int {
	scope, ok := c.m[kind]
	init = init || len(c.m) == 0
	if init && !ok {
		scope = map[string]int{}
		c.m[kind] = scope // want "write to map c.m under only the read lock of c.mu: Values holds c.mu.RLock\(\) around scoped"
	}
	return scope
}

func (c *Forced) Values(kind string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.scoped(kind, false))
}

func (c *Forced) Remove(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, kind)
}

// Pointed hands the address of its init parameter to a function that may set
// it: `false` at the call does not hold at the write.
type Pointed struct {
	mu sync.RWMutex
	m  map[string]map[string]int
}

func NewPointed() *Pointed {
	return &Pointed{m: map[string]map[string]int{}}
}

func force(flag *bool, empty bool) {
	if empty {
		*flag = true
	}
}

func (c *Pointed) scoped(kind string, init bool) map[string]int {
	scope, ok := c.m[kind]
	force(&init, len(c.m) == 0)
	if init && !ok {
		scope = map[string]int{}
		c.m[kind] = scope // want "write to map c.m under only the read lock of c.mu: Values holds c.mu.RLock\(\) around scoped"
	}
	return scope
}

func (c *Pointed) Values(kind string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.scoped(kind, false))
}

func (c *Pointed) Remove(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, kind)
}
