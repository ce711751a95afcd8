package p

import (
	"fmt"
	"net/http"
)

// The constructor calls a method on the object it has just made, and that
// method fills the map through further methods of its own receiver: all
// before any goroutine can have the object. The handler only reads.
type Index struct {
	names map[string]bool
}

func NewIndex(groups [][]string) *Index {
	x := &Index{names: map[string]bool{}}
	x.collectGroups(groups)
	return x
}

func (x *Index) collectGroups(groups [][]string) {
	for _, g := range groups {
		x.collect(g)
	}
}

func (x *Index) collect(names []string) {
	for _, n := range names {
		x.names[n] = true
	}
}

func (x *Index) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, x.names[r.URL.Path])
}
