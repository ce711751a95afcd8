package p

import (
	"fmt"
	"net/http"
)

// Each request builds a generator of its own and hands it to run as a
// parameter: the generators' maps are never shared between requests.
type generator interface {
	Begin(name string)
	End(name string)
}

type rangeGen struct {
	open map[string]int
}

func (g *rangeGen) Begin(name string) {
	if g.open == nil {
		g.open = make(map[string]int)
	}
	g.open[name]++
}

func (g *rangeGen) End(name string) {
	delete(g.open, name)
}

type procGen struct {
	rangeGen
	procs int
}

func newProcGen() *procGen { return &procGen{} }

func newRangeGen() *rangeGen { return &rangeGen{} }

func run(g generator, names []string) {
	for _, n := range names {
		g.Begin(n)
	}
	for _, n := range names {
		g.End(n)
	}
}

func generate(byProc bool, names []string) {
	var g generator
	if byProc {
		g = newProcGen()
	} else {
		g = newRangeGen()
	}
	run(g, names)
}

func Handler(names []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		generate(r.URL.Query().Get("proc") != "", names)
		fmt.Fprintln(w, "ok")
	})
}
