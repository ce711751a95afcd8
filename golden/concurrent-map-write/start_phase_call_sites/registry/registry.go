// Package registry keeps tables that the command fills while it starts and
// that the handlers of its server read.
package registry

import (
	"fmt"
	"net/http"
)

var routes = map[string]string{}

// Table adds routes.
type Table struct{}

// Add is called by main before anything that reaches routes starts. After
// the server starts, main calls only methods Add of other types: one of
// package main (its type is declared), one through an interface (one
// argument: no method Add of this package takes one).
func (Table) Add(name, target string) {
	routes[name] = target
}

var kinds = map[string]int{}

// Kinds puts kinds.
type Kinds struct{}

// Put is called by main before the server starts and again through an
// interface after it: that call may be this one.
func (Kinds) Put(name string, n int) {
	kinds[name] = n // want "concurrent write to map kinds"
}

var aliases = map[string]string{}

// Alias is called by main after a goroutine that never reaches aliases
// started: Resolve and count keep the map to themselves.
func Alias(name, target string) {
	aliases[name] = target
}

// Resolve reads aliases through a local that it keeps.
func Resolve(name string) string {
	a := aliases
	if t, ok := a[name]; ok {
		return t
	}
	return name + fmt.Sprint(count(aliases))
}

func count(m map[string]string) int {
	n := 0
	for range m {
		n++
	}
	return n
}

var shared = map[string]string{}

// Share is called by main after a goroutine that never names shared
// started; Dump hands a local holding it to a new goroutine, so any
// goroutine may reach it under another name.
func Share(name, v string) {
	shared[name] = v // want "concurrent write to map shared"
}

// Dump prints shared on a goroutine of its own.
func Dump() {
	s := shared
	go dump(s)
}

func dump(m map[string]string) { fmt.Println(len(m)) }

var zones = map[string]int{}

// Zone is called by main after a Watcher started, whose goroutine reads
// zones.
func Zone(name string, n int) {
	zones[name] = n // want "concurrent write to map zones"
}

// Zones reads zones.
func Zones(name string) int { return zones[name] }

var tags = map[string]bool{}

// Tag is called by main after goroutines that range over a Set with
// functions that never reach tags.
func Tag(name string) {
	tags[name] = true
}

// Tagged reads tags.
func Tagged(name string) bool { return tags[name] }

var marks = map[string]bool{}

// Mark is called by main after a goroutine whose function, passed to a
// Set's Range, reads marks.
func Mark(name string) {
	marks[name] = true // want "concurrent write to map marks"
}

// Marked reads marks.
func Marked(name string) bool { return marks[name] }

func handle(w http.ResponseWriter, r *http.Request) {
	k := r.URL.Path
	fmt.Fprintln(w, routes[k], kinds[k], Resolve(k), shared[k], zones[k])
	fmt.Fprintln(w, Tagged(k), Marked(k))
}

// Serve serves the tables; its handlers run on goroutines of the server.
func Serve(addr string) error {
	http.HandleFunc("/", handle)
	return http.ListenAndServe(addr, nil)
}
