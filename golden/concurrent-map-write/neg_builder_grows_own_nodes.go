package p

import "sync"

// newTree builds the whole tree on its own goroutine before any goroutine
// sees it: Add runs on the fresh value, and add runs on copies of the
// tree's own nodes (node = other, other read out of t.Nodes), which are as
// unshared as the tree itself. The walkers only read it.
type tree struct {
	Path  string
	Nodes map[string]tree
}

func newTree(paths [][]string) *tree {
	t := &tree{}
	for _, p := range paths {
		t.Add(p)
	}
	return t
}

func (t *tree) Add(parts []string) {
	if t.Nodes == nil {
		t.Nodes = make(map[string]tree)
	}
	name := parts[0]
	sub := tree{Path: name}
	if other, ok := t.Nodes[name]; ok {
		sub = other
	}
	if len(parts) > 1 {
		sub.add(parts[1:])
	}
	t.Nodes[name] = sub
}

func (t *tree) add(parts []string) {
	if t.Nodes == nil {
		t.Nodes = make(map[string]tree)
	}
	if len(parts) == 1 {
		node, ok := t.Nodes[parts[0]]
		if !ok {
			t.Nodes[parts[0]] = tree{Path: parts[0]}
			return
		}
		t.Nodes[parts[0]] = node
		return
	}
	node := tree{}
	if other, ok := t.Nodes[parts[0]]; ok {
		node = other
	}
	node.add(parts[1:])
	t.Nodes[parts[0]] = node
}

func (t tree) Names() []string {
	var names []string
	for name := range t.Nodes {
		names = append(names, name)
	}
	return names
}

func Walk(paths [][]string, workers int) {
	t := newTree(paths)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = t.Names()
		}()
	}
	wg.Wait()
}
