package p

import "sync"

type state struct{ seen map[string]bool }

func mark(s *state, w string) {
	s.seen[w] = true
}

// Each iteration waits for its goroutine: the writes through the shared
// pointer happen one after another.
func MarkInTurn(workers []string, s *state) {
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			mark(s, w)
		}(w)
		wg.Wait()
	}
}

func note(s *state, w string) {
	s.seen[w] = true // want "concurrent write to map s.seen: MarkWaitingElsewhere starts goroutines in a loop that all pass s to note, which writes it without a lock"
}

// The iteration waits for another group, not for the goroutine it started.
func MarkWaitingElsewhere(workers []string, s *state, other *sync.WaitGroup) {
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			note(s, w)
		}(w)
		other.Wait()
	}
	wg.Wait()
}

func tick(s *state, w string) {
	s.seen[w] = true // want "concurrent write to map s.seen: MarkWaitingSometimes starts goroutines in a loop that all pass s to tick, which writes it without a lock"
}

// The iteration waits only on some iterations.
func MarkWaitingSometimes(workers []string, s *state) {
	var wg sync.WaitGroup
	for i, w := range workers {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			tick(s, w)
		}(w)
		if i%2 == 0 {
			wg.Wait()
		}
	}
	wg.Wait()
}
