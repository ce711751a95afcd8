package client

import "encoding/json"

// Store's unexported maps are each set somewhere in the package: through
// their address, or only written after a nil check; Labels is exported, so
// other packages and decoders can set it; unused is never set, but no code
// of the package reaches its write.
type Store struct {
	unused  map[string]int
	byAddr  map[string]int
	checked map[string]int
	Labels  map[string]string
}

// pair and entry are built by literals without keys, which set every field.
type pair struct {
	left  map[string]int
	right map[string]int
}

type entry struct {
	name  string
	index map[string]int
}

var entries = []entry{{"a", map[string]int{}}}

func load(data []byte, s *Store) error {
	return json.Unmarshal(data, &s.byAddr)
}

func newPair(l, r map[string]int) *pair {
	return &pair{l, r}
}

func (s *Store) Put(k string) {
	s.byAddr[k]++
	if s.checked != nil {
		s.checked[k]++
	}
	s.Labels[k] = k
}

func (p *pair) add(k string) {
	p.left[k]++
	p.right[k]--
}

func (e *entry) add(k string) {
	e.index[k] = len(e.index)
}

func (s *Store) Unused(k string) {
	s.unused[k]++
}

func use(s *Store, p *pair, e *entry) {
	s.Put("a")
	p.add("b")
	e.add("c")
}
