package p

type kind int

const (
	kindFile kind = iota
	kindDir
	kindLink
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
	return &tree{root: &node{kind: kindDir, children: map[string]*node{}}}
}

func (t *tree) lookup(name string) *node {
	if name == "" {
		return t.root
	}
	return t.root.children[name]
}

// create does not check the parent's kind: a file parent has no children.
func (t *tree) create(parentName, name string) *node {
	parent := t.lookup(parentName)
	if parent == nil {
		return nil
	}
	n := &node{name: name}
	parent.children[name] = n // want `write to nil map field parent\.children`
	return n
}

// mkdir leaves unless the parent is a directory, and every directory is
// built with its children made.
func (t *tree) mkdir(parentName, name string) bool {
	parent := t.lookup(parentName)
	if parent == nil {
		return false
	} else if parent.kind != kindDir {
		return false
	}
	parent.children[name] = &node{name: name, kind: kindDir, children: make(map[string]*node)}
	return true
}

// link writes only into a directory.
func (t *tree) link(parentName, name string) {
	parent := t.lookup(parentName)
	if parent != nil && parent.kind == kindDir {
		parent.children[name] = &node{name: name, kind: kindLink}
	}
}

// retype turns a file into a link: not a directory.
func (n *node) retype() {
	n.kind = kindLink
}
