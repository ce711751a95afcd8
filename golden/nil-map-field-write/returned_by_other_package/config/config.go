package config

import (
	"encoding/json"
	"errors"
	"os"

	"example.com/returnedfields/cli"
)

// Local is read from a file: a file without "sessions" leaves Sessions nil.
type Local struct {
	Sessions map[string]string `json:"sessions"`
	Servers  map[string]string `json:"servers"`
}

// Read decodes the file into a zero Local.
func Read(path string) (Local, error) {
	var c Local
	raw, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(raw, &c)
	}
	return c, err
}

// Default builds a Local with Servers only.
func Default() *Local {
	return &Local{Servers: map[string]string{}}
}

// Made makes both maps before returning.
func Made() *Local {
	c := &Local{}
	c.Sessions = map[string]string{}
	c.Servers = map[string]string{}
	return c
}

// Failed returns a zero Local only beside an error.
func Failed(path string) (Local, error) {
	if path == "" {
		return Local{}, errors.New("no path")
	}
	return Local{Sessions: map[string]string{}, Servers: map[string]string{}}, nil
}

// Filled hands its value to a function that may make the maps.
func Filled() Local {
	var c Local
	fill(&c)
	return c
}

func fill(c *Local) {
	c.Sessions = map[string]string{}
}

// ReadLocal decodes through a function of another package of the module
// whose parameter is an interface{}: it reaches c only by reflection.
func ReadLocal(path string) (Local, error) {
	var c Local
	err := cli.UnmarshalLocalFile(path, &c)
	return c, err
}

// Prepared hands its value to a function whose parameter is an interface
// with methods: the value's own Prepare runs, and it makes the maps.
func Prepared(path string) (Local, error) {
	var c Local
	err := cli.Prepare(path, &c)
	return c, err
}

// Prepare makes both maps.
func (l *Local) Prepare() {
	l.Sessions = map[string]string{}
	l.Servers = map[string]string{}
}

// Lookup forwards what Parse returns.
func Lookup(data []byte) (*Local, error) {
	return Parse(data)
}

// Parse starts from Default and decodes over it: Sessions stays nil when
// the data has none.
func Parse(data []byte) (*Local, error) {
	c := Default()
	if len(data) == 0 {
		return c, nil
	}
	err := json.Unmarshal(data, &c)
	return c, err
}

// Rebuilt starts from Made, whose maps are made.
func Rebuilt() *Local {
	c := Made()
	return c
}
