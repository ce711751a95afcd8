package p

// The key variable changes after the literal: another key is written.
func rekeyed(key, v string) map[string]map[string]string {
	m := map[string]map[string]string{key: {}}
	key = key + "-x"
	m[key]["v"] = v // want `write to inner map m\[key\] that may be nil`
	return m
}

// An element of the literal may be nil: with equal keys it may win.
func nilElement(a, b, v string) map[string]map[string]string {
	m := map[string]map[string]string{a: {}, b: nil}
	m[a]["v"] = v // want `write to inner map m\[a\] that may be nil`
	return m
}

// The loop deletes the key after the write: the next iteration misses it.
func looped(key string, vs []string) map[string]map[string]string {
	m := map[string]map[string]string{key: {}}
	for _, v := range vs {
		m[key]["v"] = v // want `write to inner map m\[key\] that may be nil`
		delete(m, key)
	}
	return m
}
