package p

import (
	"encoding/json"
	"io"
)

// The decoder's error is dropped: malformed or empty input leaves m nil.
func counts(b []byte, key string) map[string]int {
	var m map[string]int
	_ = json.Unmarshal(b, &m)
	m[key]++ // want `write to map m that may be nil: m is made only on some paths`
	return m
}

// The same with a stream decoder whose error is not even assigned.
func fromStream(r io.Reader, key string) map[string]int {
	var m map[string]int
	json.NewDecoder(r).Decode(&m)
	m[key] = 1 // want `write to map m that may be nil: m is made only on some paths`
	return m
}

// The error is checked: past it the map is made.
func checked(b []byte, key string) (map[string]int, error) {
	var m map[string]int
	err := json.Unmarshal(b, &m)
	if err != nil {
		return nil, err
	}
	m[key]++
	return m, nil
}

// Made before the decode: a failed decode leaves the made map.
func madeFirst(b []byte, key string) map[string]int {
	m := map[string]int{}
	_ = json.Unmarshal(b, &m)
	m[key]++
	return m
}
