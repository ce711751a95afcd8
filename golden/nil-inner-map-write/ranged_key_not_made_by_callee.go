package ports

type Listener struct {
	Port int
	Host string
}

type Gateway struct {
	Listeners []Listener
	Extra     []Listener
}

func portMaps(gw *Gateway) map[int]map[string]bool {
	hosts := make(map[int]map[string]bool)
	for _, l := range gw.Listeners {
		hosts[l.Port] = make(map[string]bool)
	}
	return hosts
}

// extraHosts ranges over another slice than the one portMaps filled.
func extraHosts(gw *Gateway) {
	hosts := portMaps(gw)
	for _, l := range gw.Extra {
		hosts[l.Port][l.Host] = true // want "write to inner map hosts\\[l.Port\\] that may be nil"
	}
}

// otherKey writes under another field of the element.
func otherKey(gw *Gateway, ids map[string]int) {
	hosts := portMaps(gw)
	for _, l := range gw.Listeners {
		hosts[ids[l.Host]][l.Host] = true // want "write to inner map hosts\\[ids\\[l.Host\\]\\] that may be nil"
	}
}

// dropped deletes a key between the call and the loop.
func dropped(gw *Gateway, first int) {
	hosts := portMaps(gw)
	delete(hosts, first)
	for _, l := range gw.Listeners {
		hosts[l.Port][l.Host] = true // want "write to inner map hosts\\[l.Port\\] that may be nil"
	}
}

// reassigned gives the gateway another value before the loop.
func reassigned(gw, other *Gateway) {
	hosts := portMaps(gw)
	gw = other
	for _, l := range gw.Listeners {
		hosts[l.Port][l.Host] = true // want "write to inner map hosts\\[l.Port\\] that may be nil"
	}
}
