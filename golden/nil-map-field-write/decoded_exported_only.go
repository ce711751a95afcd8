package store

import "encoding/json"

// A decoder sets exported fields only: the level reached through the
// unexported client field is never allocated by it, while the Config reached
// through the exported field is, with its map nil when the input lacks it.
type level struct {
	nodes map[string]int
}

func newLevel() *level { return &level{nodes: map[string]int{}} }

func (l *level) add(k string) {
	l.nodes[k]++
}

type Config struct {
	Tags map[string]string `json:"tags"`
}

func (c *Config) Tag(k string) {
	c.Tags[k] = "x" // want `write to nil map field c.Tags: a Config decoded in decode leaves it nil when the input lacks it`
}

type assignment struct {
	Name   string
	client *level
	Config *Config
}

func decode(b []byte) (*assignment, error) {
	var a assignment
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, err
	}
	return &a, nil
}
