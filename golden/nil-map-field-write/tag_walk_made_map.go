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

// mkdirAll walks down from the root: each node it moves to is either a
// directory it built with its children made, or one whose kind says it is
// a directory.
func (t *tree) mkdirAll(names []string) error {
	entry := t.root
	for _, name := range names {
		next, ok := entry.children[name]
		if !ok {
			made := &node{name: name, kind: kindDir, children: make(map[string]*node)}
			entry.children[name] = made
			next = made
		} else if next.kind != kindDir {
			return errors.New("not a directory")
		}
		entry = next
	}
	return nil
}

// walk moves into any existing node, a file too: a file has no children.
func (t *tree) walk(names []string) {
	entry := t.root
	for _, name := range names {
		next, ok := entry.children[name]
		if !ok {
			made := &node{name: name, kind: kindDir, children: make(map[string]*node)}
			entry.children[name] = made // want `write to nil map field entry\.children`
			next = made
		}
		entry = next
	}
}

// grow moves into the file it just built: a file has no children.
func (t *tree) grow(names []string) error {
	entry := t.root
	for _, name := range names {
		next, ok := entry.children[name]
		if !ok {
			made := &node{name: name}
			entry.children[name] = made // want `write to nil map field entry\.children`
			next = made
		} else if next.kind != kindDir {
			return errors.New("not a directory")
		}
		entry = next
	}
	return nil
}
