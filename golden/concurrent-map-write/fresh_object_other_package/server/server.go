// Package server makes dispatchers and registers its handlers on them.
package server

import (
	"fmt"

	"example.com/freshcaller/dispatch"
)

// Default is shared by every caller: its loop may already run.
var Default = dispatch.New()

// NewDispatcher registers the handlers on a new dispatcher, then runs it.
func NewDispatcher() *dispatch.Dispatcher {
	d := dispatch.New()
	d.Register("ping", func(m string) { fmt.Println("pong", m) })
	d.Run()
	d.RegisterLate("late", func(m string) { fmt.Println(m) })
	return d
}

// AddShared registers on the shared dispatcher, whose loop may run.
func AddShared(name string) {
	Default.RegisterShared(name, func(m string) { fmt.Println(m) })
}

// NewWatched hands the new dispatcher to a goroutine that runs it, then
// registers: the loop may already read the handlers.
func NewWatched() *dispatch.Dispatcher {
	d := dispatch.New()
	go d.Run()
	d.RegisterWatched("w", func(m string) { fmt.Println(m) })
	return d
}
