package p

import "sync"

type Stats struct {
	seen map[string]bool
}

func (s *Stats) Mark(k string) {
	s.seen[k] = true // want "concurrent write to map s.seen"
}

func snapshot(s *Stats) Stats {
	return *s
}

func run(s *Stats, keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			s.Mark(k)
		}(k)
	}
	wg.Wait()
}
