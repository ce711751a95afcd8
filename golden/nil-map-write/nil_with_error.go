package p

import (
	"errors"
	"log"
)

// parse returns a nil map only together with an error.
func parse(s string) (map[string]bool, error) {
	if s == "" {
		return nil, errors.New("empty")
	}
	return map[string]bool{s: true}, nil
}

// The error is checked first: past it the map is there.
func enable(s string) error {
	caps, err := parse(s)
	if err != nil {
		return err
	}
	caps["enabled"] = true
	return nil
}

// The error is only logged: the write still runs on a nil map.
func enableLogged(s string) {
	caps, err := parse(s)
	if err != nil {
		log.Print(err)
	}
	caps["enabled"] = true // want `write to map caps that may be nil: parse can return nil`
}

// lookup returns a nil map without an error: checking the error proves nothing.
func lookup(s string) (map[string]bool, error) {
	if s == "" {
		return nil, nil
	}
	return map[string]bool{}, nil
}

func enableFound(s string) error {
	caps, err := lookup(s)
	if err != nil {
		return err
	}
	caps["enabled"] = true // want `write to map caps that may be nil: lookup can return nil`
	return nil
}
