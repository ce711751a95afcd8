package p

import "sync"

// Query calls the filters that its options append to a query with only the
// read lock of the Silences held, handing them the Silences itself: the
// filter that compiles matchers lazily into s.mc writes the map in every
// concurrent Query at once, since readers share the RLock.
type matchers map[string][]string

func (m matchers) get(k string) []string {
	if v, ok := m[k]; ok {
		return v
	}
	v := []string{k}
	m[k] = v
	return v
}

type silenceFilter func(id string, s *Silences) bool

type query struct {
	filters []silenceFilter
	check   func(id string, s *Silences) bool
}

type Silences struct {
	mtx  sync.RWMutex
	st   map[string]string
	mc   matchers
	seen map[string]int
}

func Matches(name string) func(*query) {
	return func(q *query) {
		f := func(id string, s *Silences) bool {
			for _, m := range s.mc.get(id) { // want "write to map s.mc under only the read lock of s.mtx: query calls the filters funcs with s.mtx.RLock\(\) held"
				if m == name {
					return true
				}
			}
			return false
		}
		q.filters = append(q.filters, f)
	}
}

func Counted() func(*query) {
	return func(q *query) {
		q.check = func(id string, s *Silences) bool {
			s.seen[id]++ // want "write to map s.seen under only the read lock of s.mtx: query calls the check funcs"
			return true
		}
	}
}

func (s *Silences) query(q *query) []string {
	s.mtx.RLock()
	defer s.mtx.RUnlock()
	var out []string
	for id := range s.st {
		ok := q.check == nil || q.check(id, s)
		for _, f := range q.filters {
			if !f(id, s) {
				ok = false
			}
		}
		if ok {
			out = append(out, id)
		}
	}
	return out
}

func (s *Silences) Query(opts ...func(*query)) []string {
	q := &query{}
	for _, o := range opts {
		o(q)
	}
	return s.query(q)
}

func (s *Silences) Set(id, v string) {
	s.mtx.Lock()
	defer s.mtx.Unlock()
	s.st[id] = v
	delete(s.mc, id)
	delete(s.seen, id)
}
