package p

import "sync"

// The shards are parts of the Store: every call of their methods is made on
// a value taken from s.shards (ranged over, or looked up) while s.mu is
// held, so the shard maps are guarded by the Store's lock.
type shard struct {
	counts map[string]int
}

func (h *shard) reset()       { clear(h.counts) }
func (h *shard) add(k string) { h.counts[k]++ }

func (h *shard) total() int {
	n := 0
	for _, v := range h.counts {
		n += v
	}
	return n
}

type Store struct {
	mu     sync.RWMutex
	shards map[string]*shard
}

func NewStore(names []string) *Store {
	s := &Store{shards: map[string]*shard{}}
	for _, n := range names {
		s.shards[n] = &shard{counts: map[string]int{}}
	}
	return s
}

func (s *Store) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sh := range s.shards {
		sh.reset()
	}
}

func (s *Store) Add(name, k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sh := s.shards[name]
	if sh != nil {
		sh.add(k)
	}
}

func (s *Store) Total() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := 0
	for _, sh := range s.shards {
		n += sh.total()
	}
	return n
}

func Serve(s *Store, keys <-chan string, workers int) {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range keys {
				s.Add("a", k)
				_ = s.Total()
				s.Reset()
			}
		}()
	}
	wg.Wait()
}
