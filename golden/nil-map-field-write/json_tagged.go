package config

import "encoding/json"

// Config is serialised: making Labels in the literal turns null into {}.
type Config struct {
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels"`
}

// NewConfig omits Labels.
func NewConfig(name string) *Config {
	return &Config{Name: name}
}

// SetLabel writes a label.
func (c *Config) SetLabel(k, v string) {
	c.Labels[k] = v // want "write to nil map field c.Labels"
}

// Encode serialises c.
func (c *Config) Encode() ([]byte, error) {
	return json.Marshal(c)
}
