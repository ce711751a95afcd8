package p

import "encoding/json"

// A decoder makes the map on the paths where it runs.
func load(b []byte) (map[string]int, error) {
	var m map[string]int
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	m["loaded"] = 1
	return m, nil
}

// Decoded on one branch only: on the other the map is still nil.
func maybeLoad(b []byte, decode bool) map[string]int {
	var m map[string]int
	if decode {
		_ = json.Unmarshal(b, &m)
	}
	m["loaded"] = 1 // want `write to map m that may be nil: m is made only on some paths`
	return m
}
