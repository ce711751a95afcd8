package p

// A map literal whose every element is a made map, one under the key
// written: the inner map is there.
func encode(op, index, id string) map[string]map[string]string {
	action := op
	if action == "" {
		action = "index"
	}
	meta := map[string]map[string]string{action: {"_index": index}}
	if id != "" {
		meta[action]["_id"] = id
	}
	return meta
}

func typed(key, v string) map[string]map[string]string {
	m := map[string]map[string]string{
		key:     map[string]string{},
		"other": make(map[string]string),
	}
	m[key]["v"] = v
	return m
}
