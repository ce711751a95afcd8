package p

import "errors"

// Near miss: the goroutine Run starts first reads the map, so the write
// that initialize makes afterwards races with it.
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
	go s.watch()
	return s.initialize(addr)
}

func (s *Supervisor) initialize(addr string) error {
	s.fallback[0] = addr // want "concurrent write to map s.fallback"
	go s.tunnel(0)
	return <-s.errs
}

func (s *Supervisor) watch() {
	for i := range 4 {
		if s.fallback[i] == "" {
			s.errs <- errors.New("no address")
		}
	}
}

func (s *Supervisor) tunnel(i int) {
	if s.fallback[i] == "" {
		s.errs <- errors.New("no address")
		return
	}
	s.errs <- nil
}
