package p

import (
	"errors"
	"net/url"
)

var errEmpty = errors.New("empty")

// parse gives nil only with an error; otherwise it forwards the results of
// another package's parser, whose maps count as made (as for any call).
func parse(s string) (url.Values, error) {
	if s == "" {
		return nil, errEmpty
	}
	return url.ParseQuery(s)
}

// parseDefault forwards parse, whose nil comes only with an error.
func parseDefault(s string) (url.Values, error) {
	if s == "-" {
		return nil, errEmpty
	}
	return parse(s)
}

// The error is checked first: past it the map is there.
func tag(s string) (url.Values, error) {
	q, err := parseDefault(s)
	if err != nil {
		return nil, err
	}
	q["tagged"] = []string{"yes"}
	return q, nil
}

// lookup gives a nil map without an error.
func lookup(s string) (url.Values, error) {
	if s == "" {
		return nil, nil
	}
	return url.Values{}, nil
}

// lookupChecked forwards lookup: its nil without an error comes through, so
// checking the error proves nothing.
func lookupChecked(s string) (url.Values, error) {
	if s == "-" {
		return nil, errEmpty
	}
	return lookup(s)
}

func tagFound(s string) (url.Values, error) {
	q, err := lookupChecked(s)
	if err != nil {
		return nil, err
	}
	q["tagged"] = []string{"yes"} // want `write to map q that may be nil: lookupChecked can return nil`
	return q, nil
}
