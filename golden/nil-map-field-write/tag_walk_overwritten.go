package p

import "errors"

type kind int

const (
	kindFile kind = iota
	kindDir
)

type node struct {
	name     string
	kind     kind
	children map[string]*node
}

type tree struct {
	root *node
}

func newTree() *tree {
	return &tree{root: &node{kind: kindDir, children: make(map[string]*node)}}
}

// create builds files: no children.
func (t *tree) create(parent *node, name string) {
	if parent.kind != kindDir {
		return
	}
	parent.children[name] = &node{name: name}
}

// truncate turns a node into a file in place, children dropped.
func (n *node) truncate() {
	*n = node{name: n.name}
}

func (t *tree) mkdirAll(names []string) error {
	entry := t.root
	for _, name := range names {
		next, ok := entry.children[name]
		if !ok {
			made := &node{name: name, kind: kindDir, children: make(map[string]*node)}
			entry.children[name] = made // want `write to nil map field entry\.children`
			next = made
		} else if next.kind != kindDir {
			return errors.New("not a directory")
		}
		entry = next
	}
	return nil
}
