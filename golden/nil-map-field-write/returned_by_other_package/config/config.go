package config

import (
	"encoding/json"
	"errors"
	"os"
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
