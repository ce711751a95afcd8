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

// Server holds a dispatcher.
type Server struct {
	d *dispatch.Dispatcher
}

func (s *Server) routes() {
	s.d.Route("a", func(m string) { fmt.Println(m) })
}

func (s *Server) guarded() {
	s.d.RouteGuarded("b", func(m string) { fmt.Println(m) })
}

func (s *Server) passed() {
	s.d.RoutePassed("c", func(m string) { fmt.Println(m) })
}

// NewServer sets a new dispatcher, registers the routes, then runs it.
func NewServer() *Server {
	s := &Server{}
	s.d = dispatch.New()
	s.routes()
	s.d.Run()
	return s
}

// NewGuarded makes a dispatcher only when it is told to.
func NewGuarded(own bool, d *dispatch.Dispatcher) *Server {
	s := &Server{d: d}
	if own {
		s.d = dispatch.New()
	}
	s.guarded()
	return s
}

// NewPassed uses the dispatcher it is given.
func NewPassed(d *dispatch.Dispatcher) *Server {
	s := &Server{}
	s.d = d
	s.passed()
	return s
}

// View embeds a table it is given.
type View struct {
	*dispatch.Table
}

// NewView puts a row in the table it is given, through a new view.
func NewView(t *dispatch.Table) *View {
	v := &View{Table: t}
	v.Put("a", "b")
	return v
}
