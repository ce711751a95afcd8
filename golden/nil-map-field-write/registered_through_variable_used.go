package plugins

import "errors"

// Plugin is what the registry keeps.
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

// Replay sends an event to every registered plugin without Init: the
// package's own code uses the interface values before they are made.
func Replay(key string) {
	for _, p := range providers.plugins {
		p.OnAdd(key)
	}
}

// PortPlugin makes its map in Init, but Replay reaches OnAdd first.
type PortPlugin struct{ ports map[string]int }

func init() {
	portPlugin := PortPlugin{}
	providers.register(&portPlugin)
}

// Name names the plugin.
func (p *PortPlugin) Name() string { return "port" }

// Init makes the map.
func (p *PortPlugin) Init(size int) error {
	if size < 0 {
		return errors.New("negative size")
	}
	p.ports = make(map[string]int, size)
	return nil
}

// OnAdd writes the map.
func (p *PortPlugin) OnAdd(key string) {
	p.ports[key]++ // want "write to nil map field p.ports: the PortPlugin literal in init omits ports"
}

// ZonePlugin is used by the function that builds it before it is handed on.
type ZonePlugin struct{ zones map[string]int }

func setup(key string) {
	zonePlugin := &ZonePlugin{}
	zonePlugin.OnAdd(key)
	providers.register(zonePlugin)
}

// Name names the plugin.
func (z *ZonePlugin) Name() string { return "zone" }

// Init makes the map.
func (z *ZonePlugin) Init(size int) error {
	z.zones = make(map[string]int, size)
	return nil
}

// OnAdd writes the map.
func (z *ZonePlugin) OnAdd(key string) {
	z.zones[key]++ // want "write to nil map field z.zones: the ZonePlugin literal in setup omits zones"
}

// TagPlugin is handed to a function whose parameter is the struct itself:
// the package keeps a *TagPlugin, not an interface value.
type TagPlugin struct{ tags map[string]int }

var tagged []*TagPlugin

func keep(t *TagPlugin) { tagged = append(tagged, t) }

func init() {
	tagPlugin := TagPlugin{}
	keep(&tagPlugin)
}

// Init makes the map.
func (t *TagPlugin) Init(size int) error {
	t.tags = make(map[string]int, size)
	return nil
}

// Tag writes the map.
func (t *TagPlugin) Tag(key string) {
	t.tags[key]++ // want "write to nil map field t.tags: the TagPlugin literal in init omits tags"
}

// TagAll tags every kept plugin.
func TagAll(key string) {
	for _, t := range tagged {
		t.Tag(key)
	}
}
