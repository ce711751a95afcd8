package fsm

// node is a node with its outgoing edges.
type node struct {
	next  map[string]*node
	names map[string]string
}

// newNode makes names through an explicit dereference, but never next.
func newNode() *node {
	n := &node{}
	(*n).names = make(map[string]string)
	return n
}

// newOther makes next of another node, not of the one it returns.
func newOther(seed *node) *node {
	n := &node{}
	(*seed).next = make(map[string]*node)
	return n
}

// link writes next through an explicit dereference: still n.next.
func (n *node) link(key string) {
	(*n).next[key] = newNode() // want "write to nil map field n.next: the node literal in newNode omits next"
}

// name writes names, which every constructor but newOther makes.
func (n *node) name(key string) {
	(*(n)).names[key] = key // want "write to nil map field n.names: the node literal in newOther omits names"
}

// linkOther writes next of a node from newOther.
func linkOther(seed *node, key string) {
	o := newOther(seed)
	(o).next[key] = seed // want "write to nil map field o.next"
}
