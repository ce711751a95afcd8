package p

import (
	"maps"
	"sync"
)

type Config struct {
	Name     string
	Metadata map[string]string
}

// Clone copies the metadata too.
func (c Config) Clone() Config {
	c.Metadata = maps.Clone(c.Metadata)
	return c
}

type Consumer struct {
	mu  sync.RWMutex
	cfg Config
}

func (o *Consumer) Meta(k string) string {
	o.mu.RLock()
	defer o.mu.RUnlock()
	return o.cfg.Metadata[k]
}

func (o *Consumer) update(cfg *Config) {
	o.mu.Lock()
	o.cfg = *cfg
	o.mu.Unlock()
}

// setStatic writes the map of the config it is handed.
func setStatic(cfg *Config) {
	if cfg.Metadata == nil {
		cfg.Metadata = make(map[string]string)
	}
	cfg.Metadata["level"] = "1" // want "write to map cfg.Metadata without holding obs.mu: ncfg := obs.cfg in Pause copies the struct but shares its map"
}

// Pause copies the config: ncfg.Metadata is obs.cfg.Metadata, which Meta
// reads under the lock.
func Pause(obs *Consumer) {
	obs.mu.RLock()
	ncfg := obs.cfg
	obs.mu.RUnlock()
	ncfg.Name = "paused"
	setStatic(&ncfg)
	obs.update(&ncfg)
}

// Rename writes the copy's map itself, also through a helper.
func Rename(obs *Consumer, name string) {
	ncfg := obs.cfg
	ncfg.Metadata["name"] = name // want "write to map ncfg.Metadata without holding obs.mu: ncfg := obs.cfg in Rename copies the struct but shares its map"
	delete(ncfg.Metadata, "old") // want "write to map ncfg.Metadata without holding obs.mu: ncfg := obs.cfg in Rename copies the struct but shares its map"
	obs.update(&ncfg)
}

// Tag copies its own field and writes the copy's map after the unlock.
func (o *Consumer) Tag(v string) {
	o.mu.RLock()
	ncfg := o.cfg
	o.mu.RUnlock()
	ncfg.Metadata["tag"] = v // want "write to map ncfg.Metadata without holding o.mu: ncfg := o.cfg in Tag copies the struct but shares its map"
	o.update(&ncfg)
}
