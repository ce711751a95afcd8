package p

import "sync"

// The near misses of a write in a helper under a read lock: every caller
// of the helper holds the write lock, the reader upgrades (RUnlock, then
// Lock) before it fills, the cache is a sync.Map, or the map is the call's
// own, or the cache has a lock of its own.
type LockedCache struct {
	mu    sync.RWMutex
	items map[string]int
}

func (c *LockedCache) fill(k string) int {
	c.items[k] = len(k)
	return len(k)
}

func (c *LockedCache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.items[k]; ok {
		return v
	}
	return c.fill(k)
}

func (c *LockedCache) Peek(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items[k]
}

type UpgradedCache struct {
	mu    sync.RWMutex
	items map[string]int
}

func (c *UpgradedCache) fill(k string) int {
	if v, ok := c.items[k]; ok {
		return v // filled by another writer since the RUnlock
	}
	c.items[k] = len(k)
	return len(k)
}

func (c *UpgradedCache) Get(k string) int {
	c.mu.RLock()
	v, ok := c.items[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fill(k)
}

type SyncCache struct {
	mu    sync.RWMutex
	names map[string]string
	items sync.Map
}

func (c *SyncCache) fill(k string) int {
	c.items.Store(k, len(k))
	return len(k)
}

func (c *SyncCache) Get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.items.Load(k); ok {
		return v.(int)
	}
	_ = c.names[k]
	return c.fill(k)
}

type LocalCache struct {
	mu    sync.RWMutex
	items map[string]int
}

func (c *LocalCache) counts(keys []string) map[string]int {
	out := map[string]int{}
	for _, k := range keys {
		out[k] = c.items[k]
	}
	return out
}

func (c *LocalCache) Counts(keys []string) map[string]int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.counts(keys)
}

func (c *LocalCache) Set(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

// The cache has a lock of its own, taken for the write under the read lock.
type OwnLockCache struct {
	mu      sync.RWMutex
	names   map[string]string
	cacheMu sync.Mutex
	items   map[string]int
}

func (c *OwnLockCache) fill(k string) int {
	c.cacheMu.Lock()
	defer c.cacheMu.Unlock()
	c.items[k] = len(c.names[k])
	return c.items[k]
}

func (c *OwnLockCache) Get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.fill(k)
}

func (c *OwnLockCache) Rename(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.names[k] = v
}

// Scoped's helper makes a scope only when asked to (init): the read-locked
// callers pass false, so under the read lock it only reads; Set, which
// passes true, holds the write lock.
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
		c.m[kind] = scope
	}
	return scope, ok
}

func (c *Scoped) Values(kind string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	scope, _ := c.scoped(kind, false)
	return len(scope)
}

func (c *Scoped) Set(kind, k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	scope, _ := c.scoped(kind, true)
	scope[k] = v
}

func (c *Scoped) Remove(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, kind)
}
