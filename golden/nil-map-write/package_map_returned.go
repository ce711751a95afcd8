package p

// handlers is never made: every map registry returns is nil.
var handlers map[string]func()

func registry() map[string]func() { return handlers }

func Register(name string, h func()) {
	registry()[name] = h // want `write to map returned by registry\(\) that may be nil: registry can return nil`
}

func RegisterAll(hs map[string]func()) {
	r := registry()
	for name, h := range hs {
		r[name] = h // want `write to map r that may be nil: registry can return nil`
	}
}

// routes is made in init: the map routesMap returns is there.
var routes map[string]string

func init() { routes = map[string]string{} }

func routesMap() map[string]string { return routes }

func Route(path, to string) {
	routesMap()[path] = to
}
