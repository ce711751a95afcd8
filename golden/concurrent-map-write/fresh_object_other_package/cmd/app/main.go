package main

import (
	"example.com/freshcaller/dispatch"
	"example.com/freshcaller/server"
)

func main() {
	server.Default.Run()
	d := server.NewDispatcher()
	d.Send("ping")
	server.AddShared("x")
	server.Default.Send("x")
	server.NewWatched().Send("w")
	server.NewServer()
	server.NewGuarded(false, server.Default)
	server.NewPassed(server.Default)
	t := dispatch.NewTable()
	t.Run()
	server.NewView(t)
}
