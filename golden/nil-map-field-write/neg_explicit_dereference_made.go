package fsm

// state is a node with its outgoing edges.
type state struct {
	next  map[string]*state
	depth int
}

// newState makes next through an explicit dereference: (*s).next is s.next.
func newState() *state {
	s := &state{}
	(*s).next = make(map[string]*state)
	return s
}

// newParenState makes next through a parenthesised operand.
func newParenState() *state {
	s := &state{}
	(s).next = make(map[string]*state)
	(*(s)).depth = 1
	return s
}

// add writes an edge of any state built above.
func (s *state) add(key string) {
	s.next[key] = newState()
}

// addParen writes an edge of a state from newParenState.
func addParen(key string) {
	p := newParenState()
	p.next[key] = newState()
}
