package p

// Memo caches lookups. It is not safe for concurrent use: each caller
// keeps its own.
type Memo struct {
	cache map[string]string
}

func NewMemo() *Memo {
	return &Memo{cache: map[string]string{}}
}

func (m *Memo) Lookup(name string) string {
	if addr, ok := m.cache[name]; ok {
		return addr
	}
	addr := name + ".local"
	m.cache[name] = addr
	return addr
}
