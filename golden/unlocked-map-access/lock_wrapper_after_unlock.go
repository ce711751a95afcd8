package p

import "sync"

// Run releases the lock before it calls its func parameter: the closures
// handed to it run unlocked, so their writes race.
type Cache struct {
	byName map[string]int
	mu     sync.Mutex
	runs   int
}

func (c *Cache) Run(f func()) {
	c.mu.Lock()
	c.runs++
	c.mu.Unlock()
	f()
}

func (c *Cache) add(name string) {
	c.byName[name]++ // want "write to map c.byName without holding c.mu"
}

func (c *Cache) Get(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byName[name]
}

func watch(c *Cache, events <-chan string) {
	for i := 0; i < 2; i++ {
		go func() {
			for e := range events {
				c.Run(func() {
					c.add(e)
				})
			}
		}()
	}
}
