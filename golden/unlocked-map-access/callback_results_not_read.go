package p

import "sync"

// Near misses of callbacks whose results the caller reads: nothing is read
// after Later (it may keep the callback and run it once Mark returned and
// unlocked), and Total reads its result only after waiting, so run may have
// started the callback on another goroutine.
type Deferrer interface {
	Later(fn func() error) error
}

type Marks struct {
	mu    sync.Mutex
	marks map[string]int
	queue Deferrer
}

func (m *Marks) Set(key string, v int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.marks[key] = v
}

func (m *Marks) Mark(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.queue.Later(func() error {
		m.marks[key]++ // want "write to map m.marks without holding m.mu: Set locks it"
		return nil
	})
}

func (m *Marks) Total(key string, run func(func())) int {
	var wg sync.WaitGroup
	total := 0
	wg.Add(1)
	m.mu.Lock()
	run(func() {
		defer wg.Done()
		total = m.marks[key] // want "read of map m.marks without holding m.mu: Set locks it"
	})
	m.mu.Unlock()
	wg.Wait()
	return total
}
