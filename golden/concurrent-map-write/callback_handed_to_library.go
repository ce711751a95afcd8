package p

import (
	"net"
	"net/http"
)

// ConnState is called by the server from the goroutines serving the
// connections, while Active can be called by the rest of the program: the
// method value handed to another package's struct runs when that package
// chooses.
type Tracker struct {
	states map[net.Conn]http.ConnState
}

func (t *Tracker) Server(addr string) *http.Server {
	return &http.Server{Addr: addr, ConnState: t.track}
}

func (t *Tracker) track(c net.Conn, state http.ConnState) {
	t.states[c] = state // want "concurrent write to map t.states"
}

func (t *Tracker) Active() int {
	n := 0
	for _, s := range t.states {
		if s == http.StateActive {
			n++
		}
	}
	return n
}
