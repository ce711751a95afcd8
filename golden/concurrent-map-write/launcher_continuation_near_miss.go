package p

import "sync"

// Near misses of a goroutine racing the rest of the function that started
// it: none of these writes runs while the goroutine touches the map.

// The launcher waits for the goroutine (wg.Wait) before it writes.
type Waiter struct {
	mu   sync.Mutex
	seen map[string]bool
	n    int
}

func (w *Waiter) Run(keys []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w.count()
	}()
	wg.Wait()
	for _, k := range keys {
		w.add(k)
	}
}

func (w *Waiter) add(k string) { w.seen[k] = true }

func (w *Waiter) count() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.n = w.size()
}

func (w *Waiter) size() int { return len(w.seen) }

// The launcher receives from the channel the goroutine closes when done.
type Closer struct {
	mu   sync.Mutex
	seen map[string]bool
	n    int
}

func (c *Closer) Run(keys []string) {
	done := make(chan struct{})
	go func() {
		c.count()
		close(done)
	}()
	<-done
	for _, k := range keys {
		c.add(k)
	}
}

func (c *Closer) add(k string) { c.seen[k] = true }

func (c *Closer) count() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n = c.size()
}

func (c *Closer) size() int {
	n := 0
	for range c.seen {
		n++
	}
	return n
}

// The writes happen before the go statement.
type Before struct {
	mu   sync.Mutex
	seen map[string]bool
	n    int
}

func (b *Before) Run(keys []string) {
	for _, k := range keys {
		b.add(k)
	}
	go b.count()
}

func (b *Before) add(k string) { b.seen[k] = true }

func (b *Before) count() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n = b.size()
}

func (b *Before) size() int {
	_, ok := b.seen[""]
	if ok {
		return 1
	}
	return 0
}

// Both sides hold the same mutex.
type Both struct {
	mu   sync.Mutex
	seen map[string]bool
	n    int
}

func (b *Both) Run(keys []string) {
	go b.count()
	for _, k := range keys {
		b.mu.Lock()
		b.add(k)
		b.mu.Unlock()
	}
}

func (b *Both) add(k string) { b.seen[k] = true }

func (b *Both) count() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n = b.size()
}

func (b *Both) size() int { return len(b.seen) }

// The goroutine works on another value's map than the one written after it.
type Other struct {
	mu   sync.Mutex
	seen map[string]bool
	n    int
}

func (o *Other) Run(keys []string) {
	other := &Other{seen: map[string]bool{}}
	go other.count()
	for _, k := range keys {
		o.add(k)
	}
}

func (o *Other) add(k string) { o.seen[k] = true }

func (o *Other) count() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.n = o.size()
}

func (o *Other) size() int { return len(o.seen) }

// The goroutine waits for the launcher's signal, sent after the writes.
type Signal struct {
	ready chan struct{}
	mu    sync.Mutex
	seen  map[string]bool
	n     int
}

func (s *Signal) Run(keys []string) {
	go func() {
		<-s.ready
		s.count()
	}()
	for _, k := range keys {
		s.add(k)
	}
	close(s.ready)
}

func (s *Signal) add(k string) { s.seen[k] = true }

func (s *Signal) count() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n = s.size()
}

func (s *Signal) size() int { return len(s.seen) }
