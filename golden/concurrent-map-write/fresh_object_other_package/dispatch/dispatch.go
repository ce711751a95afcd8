// Package dispatch routes messages to the handlers registered for them.
package dispatch

// Dispatcher runs the handler registered for each message it reads.
type Dispatcher struct {
	handlers map[string]func(string)
	late     map[string]func(string)
	shared   map[string]func(string)
	watched  map[string]func(string)
	routes   map[string]func(string)
	guarded  map[string]func(string)
	passed   map[string]func(string)
	in       chan string
}

// New returns a dispatcher with no handlers.
func New() *Dispatcher {
	return &Dispatcher{
		handlers: map[string]func(string){},
		late:     map[string]func(string){},
		shared:   map[string]func(string){},
		watched:  map[string]func(string){},
		routes:   map[string]func(string){},
		guarded:  map[string]func(string){},
		passed:   map[string]func(string){},
		in:       make(chan string),
	}
}

// Register sets the handler of name: every caller (in another package)
// calls it on a dispatcher it has just made, before Run.
func (d *Dispatcher) Register(name string, h func(string)) {
	d.handlers[name] = h
}

// RegisterLate sets a handler after Run has started the loop: a race.
func (d *Dispatcher) RegisterLate(name string, h func(string)) {
	d.late[name] = h // want "concurrent write to map d.late"
}

// RegisterShared is called on a dispatcher held by a package variable.
func (d *Dispatcher) RegisterShared(name string, h func(string)) {
	d.shared[name] = h // want "concurrent write to map d.shared"
}

// RegisterWatched is called on a new dispatcher, but after a goroutine
// that was handed it has started: that goroutine may run its loop.
func (d *Dispatcher) RegisterWatched(name string, h func(string)) {
	d.watched[name] = h // want "concurrent write to map d.watched"
}

// Route is called through a field of a new server, set to a new
// dispatcher by the function that made the server just before.
func (d *Dispatcher) Route(name string, h func(string)) {
	d.routes[name] = h
}

// RouteGuarded is called through a field that only a branch sets to a
// new dispatcher: otherwise it holds the one the caller passed.
func (d *Dispatcher) RouteGuarded(name string, h func(string)) {
	d.guarded[name] = h // want "concurrent write to map d.guarded"
}

// RoutePassed is called through a field set to a dispatcher the caller
// was given: its loop may run.
func (d *Dispatcher) RoutePassed(name string, h func(string)) {
	d.passed[name] = h // want "concurrent write to map d.passed"
}

// Run starts the loop that reads the handlers.
func (d *Dispatcher) Run() {
	go d.loop()
}

// Send hands a message to the loop.
func (d *Dispatcher) Send(m string) {
	d.in <- m
}

func (d *Dispatcher) loop() {
	for m := range d.in {
		if h, ok := d.handlers[m]; ok {
			h(m)
		}
		if h, ok := d.late[m]; ok {
			h(m)
		}
		if h, ok := d.shared[m]; ok {
			h(m)
		}
		if h, ok := d.watched[m]; ok {
			h(m)
		}
		for _, table := range []map[string]func(string){d.routes, d.guarded, d.passed} {
			if h, ok := table[m]; ok {
				h(m)
			}
		}
	}
}

// Table is embedded by a type of another package.
type Table struct {
	rows map[string]string
	in   chan string
}

// NewTable returns an empty table.
func NewTable() *Table {
	return &Table{rows: map[string]string{}, in: make(chan string)}
}

// Put is called on a new value of a type that embeds a table: the table
// it holds may be one whose loop runs.
func (t *Table) Put(k, v string) {
	t.rows[k] = v // want "concurrent write to map t.rows"
}

// Run starts the loop that reads the rows.
func (t *Table) Run() {
	go t.loop()
}

func (t *Table) loop() {
	for k := range t.in {
		_ = t.rows[k]
	}
}
