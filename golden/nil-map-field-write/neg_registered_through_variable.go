package plugins

import "errors"

// Plugin is what the registry keeps: its holder initialises each plugin
// with Init before it sends events.
type Plugin interface {
	Name() string
	Init(size int) error
	OnAdd(key string)
}

type registry struct{ plugins map[string]Plugin }

var providers = registry{plugins: map[string]Plugin{}}

func (r *registry) register(p Plugin) {
	r.plugins[p.Name()] = p
}

// Plugins hands the registered plugins to the manager that runs them.
func Plugins() map[string]Plugin { return providers.plugins }

// PortPlugin makes its map in Init, on every path that returns no error;
// the package builds it in a variable that it only hands to register,
// whose parameter is the Plugin interface.
type PortPlugin struct {
	ports map[string]int
	max   int
}

func init() {
	portPlugin := PortPlugin{max: 10}
	providers.register(&portPlugin)
}

// Name names the plugin.
func (p *PortPlugin) Name() string { return "port" }

// Init makes the map from the result of a helper.
func (p *PortPlugin) Init(size int) error {
	if size < 0 {
		return errors.New("negative size")
	}
	p.max, p.ports = size, newPorts(size)
	return nil
}

func newPorts(size int) map[string]int { return make(map[string]int, size) }

// OnAdd writes the map through allocate.
func (p *PortPlugin) OnAdd(key string) { p.allocate(key) }

func (p *PortPlugin) allocate(key string) {
	p.ports[key] = len(p.ports)
}

// ZonePlugin is another plugin of the package with methods of the same
// names: its own calls of allocate on its receiver do not reach PortPlugin.
type ZonePlugin struct{ zones map[string]int }

func init() {
	zonePlugin := &ZonePlugin{zones: map[string]int{}}
	providers.register(zonePlugin)
}

// Name names the plugin.
func (z *ZonePlugin) Name() string { return "zone" }

// Init does nothing.
func (z *ZonePlugin) Init(int) error { return nil }

// OnAdd writes its own map.
func (z *ZonePlugin) OnAdd(key string) { z.allocate(key) }

func (z *ZonePlugin) allocate(key string) { z.zones[key]++ }
