package p

import "sync"

// One call into the cycle of closures is made after the Unlock: the writes
// inside them can run without the lock.
type Tree struct {
	mu    sync.Mutex
	marks map[int]bool
}

type node struct {
	id   int
	kids []node
}

func (t *Tree) Mark(n node, again bool) {
	var visit func(n node)
	visitAll := func(ns []node) {
		for _, k := range ns {
			visit(k)
		}
	}
	visit = func(n node) {
		t.marks[n.id] = true // want "write to map t.marks without holding t.mu"
		visitAll(n.kids)
	}
	t.mu.Lock()
	visit(n)
	t.mu.Unlock()
	if again {
		visitAll(n.kids)
	}
}

func (t *Tree) Marked(id int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.marks[id]
}
