// Package codecs registers its codecs from init functions.
package codecs

import (
	"log"
	"sync"
)

// Codec transforms a payload.
type Codec func([]byte) []byte

// Name names a codec.
type Name string

func (n Name) String() string { return string(n) }

var (
	mu     sync.Mutex
	codecs = map[string]Codec{}
)

// register runs only from the package's init functions. mu is a
// sync.Mutex, whose Lock is not lease.Lease's, and name a Name, whose
// String is not lease.Stream's: nothing here starts a goroutine, so every
// write is made before any goroutine exists.
func register(name Name, c Codec) {
	mu.Lock()
	defer mu.Unlock()
	log.Println("registering codec " + name.String())
	codecs[name.String()] = c
}

func init() { register("raw", func(b []byte) []byte { return b }) }

func init() { register("empty", func([]byte) []byte { return nil }) }

// Lookup reads the map without the lock: filled in initialization, it is
// only read afterwards.
func Lookup(name string) Codec {
	return codecs[name]
}
