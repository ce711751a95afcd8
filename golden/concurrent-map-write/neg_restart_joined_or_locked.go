package p

import "sync"

// Exported methods that start a goroutine per call on their receiver, where
// the goroutines of two calls cannot write the map at once.

// Merge waits for its goroutine before it returns: the calls' goroutines run
// one after another.
type Merger struct {
	totals map[string]int
}

// NewMerger makes a Merger.
func NewMerger() *Merger {
	return &Merger{totals: map[string]int{}}
}

// Merge adds the items of in.
func (m *Merger) Merge(in <-chan string, prefix string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for item := range in {
			m.totals[prefix+item]++
		}
	}()
	wg.Wait()
}

// Recorder's goroutines write under the value's lock.
type Recorder struct {
	mu   sync.Mutex
	last map[string]string
}

// NewRecorder makes a Recorder.
func NewRecorder() *Recorder {
	return &Recorder{last: map[string]string{}}
}

// Follow records the last value of one more channel.
func (r *Recorder) Follow(name string, values <-chan string) {
	go func() {
		for v := range values {
			r.set(name, v)
		}
	}()
}

func (r *Recorder) set(name, v string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last[name] = v
}

// Each goroutine writes maps it made itself: a local, and the field of a
// value it made.
type Splitter struct {
	out chan map[string]int
}

type tally struct {
	counts map[string]int
}

func (t *tally) add(item string) {
	t.counts[item]++
}

// Split counts the items of in on a goroutine of its own.
func (s *Splitter) Split(in <-chan string, prefix string) {
	go func() {
		seen := map[string]int{}
		t := &tally{counts: map[string]int{}}
		for item := range in {
			seen[prefix+item]++
			t.add(item)
		}
		s.out <- seen
		s.out <- t.counts
	}()
}
