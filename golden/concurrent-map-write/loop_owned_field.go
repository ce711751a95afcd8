package p

import "sync"

// Matcher's cache is read and written only by Loop, and the module starts
// Loop once per matcher, on a matcher the starting function made: one
// goroutine touches the cache, whatever scanMu guards for the other
// methods. Terminal declares a Loop too; its go statement starts that one.
type Matcher struct {
	scanMu sync.Mutex
	cache  map[string]int
	reqs   chan string
	total  int
}

func NewMatcher() *Matcher {
	return &Matcher{cache: map[string]int{}, reqs: make(chan string)}
}

func (m *Matcher) Loop() {
	for r := range m.reqs {
		if r == "" {
			m.cache = make(map[string]int)
			continue
		}
		if _, ok := m.cache[r]; ok {
			continue
		}
		m.scanMu.Lock()
		n := len(r)
		m.total += n
		m.scanMu.Unlock()
		m.cache[r] = n
	}
}

func (m *Matcher) Reset() {
	m.scanMu.Lock()
	m.total = 0
	m.scanMu.Unlock()
}

type Terminal struct{ keys chan string }

func (t *Terminal) Loop() {
	for range t.keys {
	}
}

func Run(t *Terminal) {
	matcher := NewMatcher()
	go matcher.Loop()
	go t.Loop()
	matcher.Reset()
	matcher.reqs <- "x"
}

// Near miss: the module also calls Loop itself, on the caller's goroutine,
// beside the one it started: two goroutines run Loop on one value.
type Indexer struct {
	mu    sync.Mutex
	index map[string]int
	in    chan string
	n     int
}

func (x *Indexer) Loop() {
	for s := range x.in {
		x.index[s] = len(s) // want "concurrent write to map x.index"
	}
}

func (x *Indexer) Count() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.n
}

func runIndexer() {
	x := &Indexer{index: map[string]int{}, in: make(chan string)}
	go x.Loop()
	x.Loop()
}

// Near miss: a worker per item, all on one shared value.
type Pool struct {
	mu   sync.Mutex
	seen map[string]bool
	jobs chan string
	done int
}

func (p *Pool) Work() {
	for j := range p.jobs {
		p.seen[j] = true // want "concurrent write to map p.seen"
	}
}

func (p *Pool) Done() {
	p.mu.Lock()
	p.done++
	p.mu.Unlock()
}

func runPool(workers int) {
	p := &Pool{seen: map[string]bool{}, jobs: make(chan string)}
	for i := 0; i < workers; i++ {
		go p.Work()
	}
	p.Done()
}

// Near miss: another method reads the field on its caller's goroutine
// while the loop writes it.
type Registry struct {
	mu    sync.Mutex
	names map[string]int
	add   chan string
	calls int
}

func (r *Registry) Loop() {
	for s := range r.add {
		r.names[s] = len(s) // want "concurrent write to map r.names"
	}
}

func (r *Registry) Has(s string) bool {
	r.mu.Lock()
	r.calls++
	r.mu.Unlock()
	_, ok := r.names[s]
	return ok
}

func runRegistry() bool {
	r := &Registry{names: map[string]int{}, add: make(chan string)}
	go r.Loop()
	return r.Has("x")
}

// Near miss: Start runs the loop on its receiver, which every caller of
// Start shares: two calls start two loops on one value.
type Feed struct {
	mu    sync.Mutex
	items map[string]int
	in    chan string
	reads int
}

func NewFeed() *Feed {
	return &Feed{items: map[string]int{}, in: make(chan string)}
}

func (f *Feed) Loop() {
	for s := range f.in {
		f.items[s]++ // want "concurrent write to map f.items"
	}
}

func (f *Feed) Start() {
	go f.Loop()
}

func (f *Feed) Reads() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	return f.reads
}
