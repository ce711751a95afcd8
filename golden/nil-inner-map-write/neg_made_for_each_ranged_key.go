package ports

type Listener struct {
	Port int
	Host string
}

type Gateway struct {
	Listeners []Listener
}

// portMaps makes an inner map for the port of every listener.
func portMaps(gw *Gateway) (map[int]string, map[int]map[string]bool) {
	protocols := make(map[int]string)
	hosts := make(map[int]map[string]bool)
	for _, l := range gw.Listeners {
		hosts[l.Port] = make(map[string]bool)
	}
	return protocols, hosts
}

// statuses ranges over the same listeners: every port it writes under was
// made by portMaps.
func statuses(gw *Gateway) int {
	protocols, hosts := portMaps(gw)
	conflicts := 0
	for _, l := range gw.Listeners {
		if _, ok := protocols[l.Port]; !ok {
			protocols[l.Port] = l.Host
			hosts[l.Port][l.Host] = true
			continue
		}
		conflicts++
	}
	return conflicts
}
