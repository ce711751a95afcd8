package p

import "maps"

// The manager's paths are touched only by initManager, before it starts
// the manager's manage goroutine, and by manage and the methods that only
// it (or initManager, before the go statement) calls on the same manager:
// every other goroutine asks through the channels. One goroutine per
// manager touches the map, after initManager filled it.
type manager struct {
	confs   []string
	paths   map[string]int
	chAdd   chan string
	chDel   chan string
	chList  chan chan map[string]int
	chClose chan struct{}
}

func (m *manager) initManager() {
	m.paths = make(map[string]int)
	m.chAdd = make(chan string)
	m.chDel = make(chan string)
	m.chList = make(chan chan map[string]int)
	m.chClose = make(chan struct{})
	for _, c := range m.confs {
		m.createPath(c)
	}
	m.Log("manager created")
	go m.manage()
}

// Log writes a line of the manager's log; it touches no path, and any
// goroutine may call it.
func (m *manager) Log(line string) { println(line) }

func (m *manager) manage() {
	for {
		select {
		case name := <-m.chAdd:
			m.doAdd(name)
		case name := <-m.chDel:
			delete(m.paths, name)
		case res := <-m.chList:
			m.doList(res)
		case <-m.chClose:
			m.Log("manager closed")
			return
		}
	}
}

func (m *manager) doAdd(name string) {
	if _, ok := m.paths[name]; !ok {
		m.createPath(name)
	}
}

func (m *manager) doList(res chan map[string]int) {
	out := make(map[string]int)
	maps.Copy(out, m.paths)
	res <- out
}

func (m *manager) createPath(name string) {
	m.paths[name] = len(name)
}

// Add asks the manage goroutine to add a path.
func (m *manager) Add(name string) { m.chAdd <- name }

// Delete asks the manage goroutine to delete a path.
func (m *manager) Delete(name string) { m.chDel <- name }

// List asks the manage goroutine for a copy of the paths.
func (m *manager) List() map[string]int {
	res := make(chan map[string]int)
	m.chList <- res
	return <-res
}

type core struct{ manager *manager }

func (c *core) start(confs []string) {
	c.manager = &manager{confs: confs}
	c.manager.initManager()
}

// A constructor that makes the scanner, fills its map and starts its one
// goroutine on it: each scanner's map is its goroutine's.
type scanner struct {
	in     chan string
	values map[string]bool
}

func newScanner(in chan string, values ...string) *scanner {
	s := &scanner{in: in, values: make(map[string]bool)}
	for _, v := range values {
		s.values[v] = false
	}
	go s.scanLines()
	return s
}

func (s *scanner) scanLines() {
	for text := range s.in {
		s.markSeen(text)
	}
}

func (s *scanner) markSeen(text string) {
	if _, ok := s.values[text]; ok {
		s.values[text] = true
	}
}

func startScanners(ins []chan string) {
	for _, in := range ins {
		newScanner(in, "a", "b")
	}
}

// Near miss: an exported method reads the map on its callers' goroutines
// while the trackLoop goroutine writes it.
type tracker struct {
	seen map[string]int
	in   chan string
}

func (t *tracker) initTracker() {
	t.seen = make(map[string]int)
	t.in = make(chan string)
	go t.trackLoop()
}

func (t *tracker) trackLoop() {
	for s := range t.in {
		t.seen[s]++ // want "concurrent write to map t.seen"
	}
}

func (t *tracker) Count(s string) int { return t.seen[s] }

func startTracker() *tracker {
	t := &tracker{}
	t.initTracker()
	return t
}

// Near miss: the starter writes the map after the go statement, beside
// the collectLoop goroutine.
type pool struct {
	items map[string]int
	in    chan string
}

func (p *pool) initPool() {
	p.items = make(map[string]int)
	p.in = make(chan string)
	go p.collectLoop()
	p.items["default"] = 0 // want "concurrent write to map p.items"
}

func (p *pool) collectLoop() {
	for s := range p.in {
		p.items[s] = len(s) // want "concurrent write to map p.items"
	}
}

func startPool() *pool {
	p := &pool{}
	p.initPool()
	return p
}

// Near miss: a second go statement starts another pump goroutine on the
// same value: two goroutines write the one map.
type feed struct {
	items map[string]int
	in    chan string
}

func (f *feed) initFeed() {
	f.items = make(map[string]int)
	f.in = make(chan string)
	go f.pump()
}

func (f *feed) restart() {
	go f.pump()
}

func (f *feed) pump() {
	for s := range f.in {
		f.items[s] = len(s) // want "concurrent write to map f.items"
	}
}

func startFeed() *feed {
	f := &feed{}
	f.initFeed()
	f.restart()
	return f
}
