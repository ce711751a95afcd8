package p

import "errors"

// Near miss: Lookup returns a value that already serves (kept in a package
// variable), with an error: Run's write races with the goroutines an
// earlier Run started on the same value.
type Supervisor struct {
	fallback map[int]string
	errs     chan error
}

var current = &Supervisor{fallback: map[int]string{}, errs: make(chan error)}

func Lookup(addr string) (*Supervisor, error) {
	if addr == "" {
		return nil, errors.New("no address")
	}
	return current, nil
}

func StartDaemon(addr string) error {
	s, err := Lookup(addr)
	if err != nil {
		return err
	}
	return s.Run(addr)
}

func (s *Supervisor) Run(addr string) error {
	s.fallback[0] = addr // want "concurrent write to map s.fallback"
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
