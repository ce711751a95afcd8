package client

import "sync"

// Client is built by other packages with a keyed literal; they cannot name
// its unexported fields.
type Client struct {
	Name string

	once      sync.Once
	mu        sync.Mutex
	clients   map[string]int
	resources map[string]string
}

func (c *Client) init() {
	c.once.Do(func() {
		c.clients = make(map[string]int)
	})
}

// Remember makes clients lazily but no code of the package ever sets
// resources: every Client has it nil.
func (c *Client) Remember(kind, resource string) {
	c.init()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clients[kind]++
	c.resources[kind] = resource // want "write to nil map field c.resources: no code of the package sets Client.resources, so it is nil in every Client"
}

// Create remembers the kind it creates.
func (c *Client) Create(kind string) {
	c.Remember(kind, kind+"s")
}

// Resource reads, which is legal on a nil map.
func (c *Client) Resource(kind string) string {
	return c.resources[kind]
}
