package p

import "errors"

// NewSupervisor returns a new value and an error: the value StartDaemon
// gets is its own, and Run's setup writes happen before Run starts the
// goroutines that read the map.
type Supervisor struct {
	fallback map[int]string
	errs     chan error
}

func NewSupervisor(addr string) (*Supervisor, error) {
	if addr == "" {
		return nil, errors.New("no address")
	}
	return &Supervisor{fallback: map[int]string{}, errs: make(chan error)}, nil
}

func StartDaemon(addr string) error {
	s, err := NewSupervisor(addr)
	if err != nil {
		return err
	}
	return s.Run(addr)
}

func (s *Supervisor) Run(addr string) error {
	s.fallback[0] = addr
	for i := range 4 {
		go s.tunnel(i)
	}
	return <-s.errs
}

func (s *Supervisor) tunnel(i int) {
	if s.fallback[i] == "" {
		s.errs <- errors.New("no address")
	}
}
