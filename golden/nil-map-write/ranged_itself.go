package p

import "encoding/json"

// The body of a range over a map runs once per key, and a nil map has no
// keys: inside the body the ranged map is not nil, even when it may be nil
// before the loop (a JSON null decodes to a nil map).
func bump(body []byte, now int64) (map[string]any, error) {
	var config map[string]any
	if err := json.Unmarshal(body, &config); err != nil {
		return nil, err
	}
	for key := range config {
		config[key] = now
	}
	return config, nil
}

type issues map[string]map[string]string

// Chosen on one branch only: nil on the other, and the loop then runs no
// round.
func normalise(kind string, known issues, clean func(string) string) issues {
	var all issues
	switch kind {
	case "k8s":
		all = known
	}
	for version, list := range all {
		for name, desc := range list {
			if all[version] == nil {
				all[version] = make(map[string]string)
			}
			all[version][clean(name)] = desc
		}
	}
	return all
}

// Near miss: the body sets the map to nil and writes to it again; the range
// goes on over the old map, but the variable is nil now.
func reset(kind string, src map[string]int) map[string]int {
	var m map[string]int
	if kind == "copy" {
		m = src
	}
	for k := range m {
		m = nil
		m[k] = 0 // want `write to nil map m: m is nil when declared with var`
	}
	return m
}

// Near miss: the loop ranges over another map than the one written.
func fill(kind string, src map[string]int) map[string]int {
	var dst map[string]int
	if kind == "copy" {
		dst = map[string]int{}
	}
	for k, v := range src {
		dst[k] = v // want `write to map dst that may be nil: dst is made only on some paths`
	}
	return dst
}

// Near miss: the write after the loop sees the map as it was before it.
func after(kind string, src map[string]int) map[string]int {
	var m map[string]int
	if kind == "copy" {
		m = src
	}
	for k := range m {
		m[k]++
	}
	m["total"] = len(src) // want `write to map m that may be nil: m is made only on some paths`
	return m
}
