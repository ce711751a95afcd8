package p

// NewDispatcher starts the dispatcher's loop on the value it returns: from
// then on the loop ranges the listeners on its own goroutine while whoever
// holds the value adds and removes listeners on theirs.
type Listener struct{ id string }

type Dispatcher struct {
	events    chan string
	listeners map[string]*Listener
}

func NewDispatcher() *Dispatcher {
	d := &Dispatcher{events: make(chan string, 16), listeners: map[string]*Listener{}}
	d.listeners["log"] = &Listener{id: "log"} // made before the loop starts
	go d.dispatch()
	return d
}

func (d *Dispatcher) Notify(e string) { d.events <- e }

func (d *Dispatcher) AddListener(l *Listener) {
	d.listeners[l.id] = l // want "concurrent write to map d.listeners: dispatch runs on several goroutines"
}

func (d *Dispatcher) RemoveListener(l *Listener) {
	delete(d.listeners, l.id) // want "concurrent write to map d.listeners"
}

func (d *Dispatcher) dispatch() {
	for e := range d.events {
		for _, l := range d.listeners {
			_ = l.id + e
		}
	}
}

// Near miss: each goroutine of the loop gets a pump made for it alone, and
// the function keeps nothing of it after the go statement: each pump's map
// is one goroutine's.
type pump struct {
	in   chan string
	seen map[string]bool
}

func (p *pump) Note(s string) { p.seen[s] = true }

func (p *pump) run() {
	for s := range p.in {
		p.Note(s)
	}
}

func startPumps(ins []chan string) {
	for _, in := range ins {
		p := &pump{in: in, seen: map[string]bool{}}
		go p.run()
	}
}
