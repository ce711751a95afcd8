package p

// A method that starts a goroutine on its receiver, called by the package
// again on the same value while the earlier goroutine runs: in a loop, or
// twice in one function. The goroutines of the calls write one map at once.
type poller struct {
	seen map[string]int
}

func (p *poller) poll(key string, ticks <-chan int) {
	go p.run(key, ticks)
}

func (p *poller) run(key string, ticks <-chan int) {
	for n := range ticks {
		p.record(key, n)
	}
}

func (p *poller) record(key string, n int) {
	p.seen[key] = n // want "concurrent write to map p.seen: poll starts a goroutine \(line 11\) that writes it and is called in a loop on the same value"
}

func pollAll(keys []string, ticks <-chan int) *poller {
	p := &poller{seen: map[string]int{}}
	for _, key := range keys {
		p.poll(key, ticks)
	}
	return p
}

type tracker struct {
	last map[string]string
}

func (t *tracker) follow(name string, values <-chan string) {
	go func() {
		for v := range values {
			t.last[name] = v // want "concurrent write to map t.last: follow starts a goroutine \(line 37\) that writes it and is called twice on the same value"
		}
	}()
}

func followBoth(a, b <-chan string) *tracker {
	t := &tracker{last: map[string]string{}}
	t.follow("a", a)
	t.follow("b", b)
	return t
}

// The value is made by the function, then started again in each iteration:
// not the one goroutine a starter runs per value.
type feeder struct {
	last map[string]int
}

func (f *feeder) feed(key string, ticks <-chan int) {
	go f.run(key, ticks)
}

func (f *feeder) run(key string, ticks <-chan int) {
	for n := range ticks {
		f.last[key] = n // want "concurrent write to map f.last: feed starts a goroutine \(line 58\) that writes it and is called in a loop on the same value"
	}
}

func feedAll(keys []string, ticks <-chan int) *feeder {
	f := &feeder{last: map[string]int{}}
	for _, key := range keys {
		f.feed(key, ticks)
	}
	return f
}
