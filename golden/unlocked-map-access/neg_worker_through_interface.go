package p

import (
	"errors"
	"sync"
)

// Every method of Mapping runs on the controller's one worker goroutine,
// reached through the Mapper interface that Mapping alone implements in the
// package; Load fills the table before the worker starts (the go statement
// orders it before the worker's accesses). Add's unlocked read overlaps no
// write.
type Mapper interface {
	Find(name string) (int, bool)
	Add(name string) (int, error)
}

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
		if _, exists := p.table[i]; exists {
			continue
		}
		p.mu.Lock()
		p.table[i] = name
		p.mu.Unlock()
		return i, nil
	}
	return 0, errors.New("full")
}

type Manager struct {
	tcp Mapper
}

func (m *Manager) Sync(name string) error {
	if _, ok := m.tcp.Find(name); ok {
		return nil
	}
	_, err := m.getPort(m.tcp, name)
	return err
}

func (m *Manager) getPort(table Mapper, name string) (int, error) {
	return table.Add(name)
}

type Controller struct {
	table   *Mapping
	manager *Manager
	queue   chan string
	stop    chan struct{}
}

func NewController() *Controller {
	t := &Mapping{table: map[int]string{}, max: 10}
	return &Controller{
		table:   t,
		manager: &Manager{tcp: t},
		queue:   make(chan string),
		stop:    make(chan struct{}),
	}
}

func (c *Controller) Run(names []string) {
	c.table.Load(names)
	run := func() {
		c.runWorker()
	}
	go run()
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
