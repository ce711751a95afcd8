package p

import "sync"

type Config struct {
	mu     sync.RWMutex
	values map[string]string
}

func (c *Config) Set(k, v string) {
	c.mu.Lock()
	c.values[k] = v
	c.mu.Unlock()
}

func (c *Config) Get(k string) string {
	return c.values[k] // want "read of map c.values without holding c.mu: Set locks it"
}
