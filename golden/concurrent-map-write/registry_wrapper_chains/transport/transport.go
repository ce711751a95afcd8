// Package transport lists the protocols and registers their formats.
package transport

import (
	"time"

	"example.com/chains/registry"
)

var protocols []string

// RegisterProtocol records a protocol and registers its format.
func RegisterProtocol(name string) {
	protocols = append(protocols, name)
	registry.Register(name, "proto/"+name)
}

// RegisterWatched starts polling, then registers the protocol's format.
func RegisterWatched(name string) {
	go func() {
		for range time.Tick(time.Minute) {
			protocols = protocols[:len(protocols):len(protocols)]
		}
	}()
	registry.Watch(name, "watched/"+name)
}
