// Package codecs keeps its codecs in a map guarded by mu.
package codecs

import (
	"sync"

	"example.com/fixtakespackagemutex/lease"
)

// Codec transforms a payload.
type Codec func([]byte) []byte

var (
	mu     sync.Mutex
	codecs = map[string]Codec{}
)

// Register takes the process's lease, then the codecs' mutex. The fix of
// Lookup's unlocked read takes mu, the package-level mutex the writes hold,
// not the lease, whose Lock is no mutex's.
func Register(name string, c Codec) {
	lease.Default.Lock()
	defer lease.Default.Unlock()
	mu.Lock()
	defer mu.Unlock()
	codecs[name] = c
}

// Lookup reads the map without the lock.
func Lookup(name string) Codec {
	return codecs[name] // want `read of map codecs without holding mu: Register locks it`
}
