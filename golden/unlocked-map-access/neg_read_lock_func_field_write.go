package p

import "sync"

// The near misses of a write in a func kept in a field and called under a
// read lock: the caller holds the write lock; the func writes a map of its
// own; the func is handed another value than the locked receiver; the
// cache is a sync.Map.
type rule func(id string, r *Rules) bool

type ruleSet struct {
	rules []rule
}

type Rules struct {
	mu    sync.RWMutex
	st    map[string]string
	hits  map[string]int
	cache sync.Map
}

func Hits() func(*ruleSet) {
	return func(rs *ruleSet) {
		rs.rules = append(rs.rules, func(id string, r *Rules) bool {
			r.hits[id]++
			return true
		})
	}
}

func Local() func(*ruleSet) {
	return func(rs *ruleSet) {
		rs.rules = append(rs.rules, func(id string, r *Rules) bool {
			own := map[string]bool{}
			own[id] = r.st[id] != ""
			return own[id]
		})
	}
}

func Cached() func(*ruleSet) {
	return func(rs *ruleSet) {
		rs.rules = append(rs.rules, func(id string, r *Rules) bool {
			r.cache.Store(id, true)
			return true
		})
	}
}

// Apply holds the write lock around the rules: they may write.
func (r *Rules) Apply(rs *ruleSet) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for id := range r.st {
		for _, f := range rs.rules {
			if f(id, r) {
				n++
			}
		}
	}
	return n
}

// Preview runs the rules under the read lock on a private copy.
func (r *Rules) Preview(rs *ruleSet) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	c := &Rules{st: r.st, hits: map[string]int{}}
	n := 0
	for id := range r.st {
		for _, f := range rs.rules {
			if f(id, c) {
				n++
			}
		}
	}
	return n
}

func (r *Rules) Hit(id string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.hits[id]
}
