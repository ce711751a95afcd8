package p

import "sync"

// `finish` releases the lock before it calls its func parameter: the
// literal handed to it runs without the lock.
type Panel struct {
	mu    sync.Mutex
	marks map[int]bool
}

func (p *Panel) Render(events []int) {
	p.mu.Lock()
	finish := func(code func() int) {
		p.mu.Unlock()
		println(code())
	}
	for _, e := range events {
		if e < 0 {
			finish(func() int { return len(p.marks) }) // want "read of map p.marks without holding p.mu"
			return
		}
		p.marks[e] = true
	}
	p.mu.Unlock()
}

func (p *Panel) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k := range p.marks {
		delete(p.marks, k)
	}
}
