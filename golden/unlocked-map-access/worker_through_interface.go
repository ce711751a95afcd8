package p

import (
	"errors"
	"sync"
)

// Near misses of a table reached through an interface from one worker.
type Mapper interface {
	Find(name string) (int, bool)
	Add(name string) (int, error)
}

// Two types implement Mapper: which one a call reaches is not known, so
// the call is not followed.
type Mapping struct {
	mu    sync.RWMutex
	table map[int]string
	max   int
}

func (p *Mapping) Load(names []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, n := range names {
		p.table[i] = n
	}
}

func (p *Mapping) Find(name string) (int, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	for k, v := range p.table {
		if v == name {
			return k, true
		}
	}
	return 0, false
}

func (p *Mapping) Add(name string) (int, error) {
	for i := 0; i < p.max; i++ {
		if _, exists := p.table[i]; exists { // want "read of map p.table without holding p.mu"
			continue
		}
		p.mu.Lock()
		p.table[i] = name
		p.mu.Unlock()
		return i, nil
	}
	return 0, errors.New("full")
}

type Fixed struct{}

func (Fixed) Find(name string) (int, bool) { return 1, true }

func (Fixed) Add(name string) (int, error) { return 1, nil }

type Manager struct {
	tcp Mapper
}

func (m *Manager) Sync(name string) error {
	if _, ok := m.tcp.Find(name); ok {
		return nil
	}
	_, err := m.tcp.Add(name)
	return err
}

type Controller struct {
	table   *Mapping
	manager *Manager
	queue   chan string
	stop    chan struct{}
}

func (c *Controller) Run(names []string) {
	c.table.Load(names)
	go c.runWorker()
	<-c.stop
}

func (c *Controller) runWorker() {
	for {
		select {
		case <-c.stop:
			return
		case name := <-c.queue:
			_ = c.manager.Sync(name)
		}
	}
}

// One implementation, but Load runs after the worker starts: it writes
// while the worker reads.
type Pool interface {
	Take(name string) (int, error)
}

type Ports struct {
	mu   sync.Mutex
	used map[int]string
	max  int
}

func (p *Ports) Load(names []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, n := range names {
		p.used[i] = n
	}
}

func (p *Ports) Take(name string) (int, error) {
	for i := 0; i < p.max; i++ {
		if _, exists := p.used[i]; exists { // want "read of map p.used without holding p.mu"
			continue
		}
		p.mu.Lock()
		p.used[i] = name
		p.mu.Unlock()
		return i, nil
	}
	return 0, errors.New("full")
}

type PoolController struct {
	ports *Ports
	pool  Pool
	queue chan string
	stop  chan struct{}
}

func (c *PoolController) Run(names []string) {
	go c.runWorker()
	c.ports.Load(names)
	<-c.stop
}

func (c *PoolController) runWorker() {
	for {
		select {
		case <-c.stop:
			return
		case name := <-c.queue:
			_, _ = c.pool.Take(name)
		}
	}
}

// One implementation, but two workers take ports at once.
type Slots interface {
	Grab(name string) (int, error)
}

type SlotTable struct {
	mu   sync.Mutex
	used map[int]string
	max  int
}

func (p *SlotTable) Grab(name string) (int, error) {
	for i := 0; i < p.max; i++ {
		if _, exists := p.used[i]; exists { // want "read of map p.used without holding p.mu"
			continue
		}
		p.mu.Lock()
		p.used[i] = name
		p.mu.Unlock()
		return i, nil
	}
	return 0, errors.New("full")
}

type SlotController struct {
	slots Slots
	queue chan string
	stop  chan struct{}
}

func (c *SlotController) Run() {
	for i := 0; i < 2; i++ {
		go c.runWorker()
	}
	<-c.stop
}

func (c *SlotController) runWorker() {
	for {
		select {
		case <-c.stop:
			return
		case name := <-c.queue:
			_, _ = c.slots.Grab(name)
		}
	}
}

func NewControllers() (*Controller, *PoolController, *SlotController) {
	t := &Mapping{table: map[int]string{}, max: 10}
	p := &Ports{used: map[int]string{}, max: 10}
	s := &SlotTable{used: map[int]string{}, max: 10}
	return &Controller{table: t, manager: &Manager{tcp: t}},
		&PoolController{ports: p, pool: p},
		&SlotController{slots: s}
}
