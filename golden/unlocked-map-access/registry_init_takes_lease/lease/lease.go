// Package lease holds this replica's lease while a goroutine renews it.
package lease

// Lease is held while its renewal goroutine runs: it has Lock and Unlock
// methods, but it is no mutex.
type Lease struct{ stop chan struct{} }

// Default is the process's lease.
var Default Lease

// Lock takes the lease and keeps renewing it in the background.
func (l *Lease) Lock() {
	l.stop = make(chan struct{})
	go func() { <-l.stop }()
}

// Unlock gives the lease back.
func (l *Lease) Unlock() { close(l.stop) }
