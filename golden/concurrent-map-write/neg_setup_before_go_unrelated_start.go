package p

import (
	"errors"
	"time"
)

// Run starts a goroutine that never touches the fallback map, then
// initialize writes the map before the go statement that starts the first
// tunnel: that write happens before every goroutine that reads the map.
// The writes in the loop run while tunnels already read it.
type Supervisor struct {
	fallback map[int]string
	errs     chan error
}

func NewSupervisor() *Supervisor {
	return &Supervisor{fallback: map[int]string{}, errs: make(chan error)}
}

func StartDaemon(addr string) error {
	s := NewSupervisor()
	return s.Run(addr)
}

func (s *Supervisor) Run(addr string) error {
	go tick(time.Second)
	return s.initialize(addr)
}

func (s *Supervisor) initialize(addr string) error {
	s.fallback[0] = addr
	go s.tunnel(0)
	if err := <-s.errs; err != nil {
		return err
	}
	for i := 1; i < 4; i++ {
		s.fallback[i] = s.fallback[0] // want "concurrent write to map s.fallback"
		go s.tunnel(i)
	}
	return nil
}

func (s *Supervisor) tunnel(i int) {
	if s.fallback[i] == "" {
		s.errs <- errors.New("no address")
		return
	}
	s.errs <- nil
}

func tick(d time.Duration) {
	for range time.Tick(d) {
	}
}
