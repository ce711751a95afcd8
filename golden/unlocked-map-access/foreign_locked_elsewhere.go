package p

import "sync"

type Account struct {
	mu    sync.RWMutex
	keys  map[string]int
	limit int
}

func (a *Account) update(k string, v int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keys = make(map[string]int)
	a.keys[k] = v
}

func (a *Account) has(k string) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	_, ok := a.keys[k]
	return ok
}

type client struct {
	mu  sync.Mutex
	acc *Account
	max int
}

// apply reads the account's keys without the account's lock, which it
// takes further down for other fields: reported.
func (c *client) apply(k string) {
	if v, ok := c.acc.keys[k]; ok { // want "read of map c.acc.keys without holding c.acc.mu: update locks it"
		c.max = v
	}
	c.acc.mu.RLock()
	c.max = c.acc.limit
	c.acc.mu.RUnlock()
}

// applyLocked holds the account's lock around the read: silent.
func (c *client) applyLocked(k string) {
	c.acc.mu.RLock()
	v := c.acc.keys[k]
	c.max = c.acc.limit
	c.acc.mu.RUnlock()
	c.max += v
}

// applyUnknown never takes the account's lock: its callers may hold it
// (silent).
func (c *client) applyUnknown(k string) {
	if v, ok := c.acc.keys[k]; ok {
		c.max = v
	}
}

// byParam: a parameter whose lock the function takes after the read:
// reported.
func byParam(a *Account, k string) int {
	n := len(a.keys) // want "read of map a.keys without holding a.mu: update locks it"
	a.mu.RLock()
	defer a.mu.RUnlock()
	return n + a.limit
}

// fresh: a local made here is not shared yet: silent.
func fresh(k string) int {
	a := &Account{keys: map[string]int{}}
	a.keys[k] = 1
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.limit
}

// inLiteral: a func literal may run where its caller holds the lock:
// silent.
func (c *client) inLiteral(k string) func() int {
	return func() int {
		v := c.acc.keys[k]
		c.acc.mu.RLock()
		defer c.acc.mu.RUnlock()
		return v + c.acc.limit
	}
}

// Claims: its own methods only read scopes (under the lock, through a
// helper); the server writes them under the value's write lock.
type Claims struct {
	mu     sync.RWMutex
	scopes map[string]int
	max    int
}

func (a *Claims) has(k string) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.hasNoLock(k)
}

func (a *Claims) hasNoLock(k string) bool {
	_, ok := a.scopes[k]
	return ok
}

type server struct{}

func (s *server) updateClaims(a *Claims, k string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.scopes[k] = 1
}

type conn struct {
	claims *Claims
	max    int
}

// limits reads the scopes without the lock it takes below: reported.
func (c *conn) limits(k string) {
	if v, ok := c.claims.scopes[k]; ok { // want "read of map c.claims.scopes without holding c.claims.mu: server.updateClaims locks it"
		c.max = v
	}
	c.claims.mu.RLock()
	c.max = c.claims.max
	c.claims.mu.RUnlock()
}

// validate ranges values of a list it is handed, never locking them: the
// server's write under their lock is no evidence here (silent).
func validate(all []*Claims) int {
	n := 0
	for _, a := range all {
		n += len(a.scopes)
	}
	return n
}
