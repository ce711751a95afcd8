package p

import "errors"

type Kind int

const (
	KindFile Kind = iota
	KindDir
)

// Node's map is exported: another package may set it to nil.
type Node struct {
	Name     string
	Kind     Kind
	Children map[string]*Node
}

type Tree struct {
	root *Node
}

func NewTree() *Tree {
	return &Tree{root: &Node{Kind: KindDir, Children: make(map[string]*Node)}}
}

func (t *Tree) Create(parent *Node, name string) {
	if parent.Kind != KindDir {
		return
	}
	parent.Children[name] = &Node{Name: name}
}

func (t *Tree) MkdirAll(names []string) error {
	entry := t.root
	for _, name := range names {
		next, ok := entry.Children[name]
		if !ok {
			made := &Node{Name: name, Kind: KindDir, Children: make(map[string]*Node)}
			entry.Children[name] = made // want `write to nil map field entry\.Children`
			next = made
		} else if next.Kind != KindDir {
			return errors.New("not a directory")
		}
		entry = next
	}
	return nil
}
