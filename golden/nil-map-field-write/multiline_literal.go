package cache

import "time"

// Cache keeps entries with a time to live.
type Cache struct {
	name    string
	ttl     time.Duration
	entries map[string]time.Time
}

// New builds a cache; the multi-line literal omits entries.
func New(name string, ttl time.Duration) *Cache {
	return &Cache{
		name: name,
		ttl:  ttl,
	}
}

// Touch records key.
func (c *Cache) Touch(key string, now time.Time) {
	c.entries[key] = now.Add(c.ttl) // want "c.entries: the Cache literal in New omits entries"
}
