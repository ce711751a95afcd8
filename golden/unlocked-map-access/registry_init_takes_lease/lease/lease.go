// Package lease holds this replica's lease while a goroutine renews it.
package lease

// Lease is held while its renewal goroutine runs.
type Lease struct{ stop chan struct{} }

// Default is the process's lease.
var Default Lease

// Acquire takes the lease and keeps renewing it in the background.
func (l *Lease) Acquire() {
	l.stop = make(chan struct{})
	go l.renew()
}

func (l *Lease) renew() { <-l.stop }

// Release gives the lease back.
func (l *Lease) Release() { close(l.stop) }

// Stream flushes its buffer in the background once it is named.
type Stream struct{ buf chan []byte }

func (s *Stream) String() string {
	go s.flush()
	return "stream"
}

func (s *Stream) flush() {
	for range s.buf {
	}
}
