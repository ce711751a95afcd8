package p

// The benchmark runs its function on a goroutine of its own (so that
// runtime.Goexit ends only that goroutine), but the starter waits for the
// goroutine to finish before it goes on: the two never run at the same time.
type bench struct {
	n      int
	extra  map[string]float64
	signal chan bool
	fn     func(b *bench)
}

func (b *bench) Reset() {
	if b.extra == nil {
		b.extra = make(map[string]float64, 16)
	} else {
		clear(b.extra)
	}
}

func (b *bench) Report(n float64, unit string) {
	b.extra[unit] = n
}

func (b *bench) runN(n int) {
	b.n = n
	b.Reset()
	b.fn(b)
}

func (b *bench) launch() {
	defer func() {
		b.signal <- true
	}()
	for n := 1; n < 1000; n *= 10 {
		b.runN(n)
	}
}

func (b *bench) run1() {
	go func() {
		defer func() {
			b.signal <- true
		}()
		b.runN(1)
	}()
	<-b.signal
}

func (b *bench) Run() map[string]float64 {
	b.run1()
	go b.launch()
	<-b.signal
	return b.extra
}

func RunAll(fns []func(b *bench)) {
	for _, fn := range fns {
		b := &bench{signal: make(chan bool), fn: fn}
		b.Run()
	}
}
