// Package codecs registers its codecs from init functions.
package codecs

import (
	"sync"

	"example.com/registryinittakeslease/lease"
)

// Codec transforms a payload.
type Codec func([]byte) []byte

var (
	mu     sync.Mutex
	codecs = map[string]Codec{}
)

// register takes the process's lease first: lease.Lease's Lock starts its
// renewal goroutine during initialization, so initialization is no longer
// alone. The fix of Lookup's unlocked read takes mu, the package-level
// mutex the writes hold, not the lease, whose Lock is no mutex's.
func register(name string, c Codec) {
	lease.Default.Lock()
	defer lease.Default.Unlock()
	mu.Lock()
	defer mu.Unlock()
	codecs[name] = c
}

func init() { register("raw", func(b []byte) []byte { return b }) }

// Lookup reads the map without the lock.
func Lookup(name string) Codec {
	return codecs[name] // want `read of map codecs without holding mu: register locks it`
}
