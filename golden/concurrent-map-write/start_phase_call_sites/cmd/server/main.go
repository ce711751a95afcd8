package main

import (
	"log"
	"time"

	"example.com/callsites/registry"
	"example.com/callsites/worker"
)

type counter struct{ n int }

func (c *counter) Add(d int) { c.n += d }

func tick() {
	for range time.Tick(time.Minute) {
		log.Println("tick")
	}
}

func main() {
	// a method Start of the module's own type whose goroutine never
	// reaches the tables: not a server's Start
	p := &worker.Pool{}
	p.Start()
	var t registry.Table
	t.Add("a", "alpha")
	var k registry.Kinds
	k.Put("a", 1)
	// goroutines that never name aliases
	go tick()
	registry.Alias("x", "y")
	registry.Dump()
	registry.Share("s", "x")
	// iterators called with functions that never reach tags
	names := &worker.Set{}
	go func() {
		names.Range(func(n string) bool {
			log.Println(n)
			return true
		})
		for n := range names.All {
			log.Println(n)
		}
		names.Each(func(n string) { log.Println(n) })
	}()
	registry.Tag("t")
	// an iterator called with a function that reads marks
	go names.Range(func(n string) bool { return registry.Marked(n) })
	registry.Mark("m")
	// a method Start whose goroutine reads zones
	w := &worker.Watcher{}
	w.Start()
	registry.Zone("z", 1)
	go func() { log.Fatal(registry.Serve(":8080")) }()

	// after the server started: other methods named Add
	var c counter
	c.Add(1)
	var a interface{ Add(int) } = &c
	a.Add(2)
	// a call that may be Kinds.Put
	var put interface{ Put(string, int) } = k
	put.Put("late", 2)
	time.Sleep(time.Second)
}
