package p

import "sync"

// Every access of the package map holds its mutex: directly, in an
// unexported helper whose every call holds it (or may: Bind locks only for
// socket paths, and bindSocket touches the map only on that path), or in
// init before any goroutine exists.
var (
	routes   = map[string]string{}
	routesMu sync.Mutex
)

func init() {
	routes["/"] = "index"
}

func Route(path, target string) {
	routesMu.Lock()
	defer routesMu.Unlock()
	setRoute(path, target)
}

func setRoute(path, target string) {
	routes[path] = target
}

func Lookup(path string) (string, bool) {
	routesMu.Lock()
	defer routesMu.Unlock()
	target, ok := routes[path]
	return target, ok
}

func Bind(path string, socket bool) {
	if socket {
		routesMu.Lock()
		defer routesMu.Unlock()
	}
	bindSocket(path, socket)
}

func bindSocket(path string, socket bool) {
	if socket {
		routes[path] = "socket"
	}
}
