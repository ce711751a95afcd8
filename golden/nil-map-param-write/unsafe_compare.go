package labels

func tag(m map[string]bool, key string) {
	m[key] = true
}

func Tags(keys []string) map[string]bool {
	var m map[string]bool
	for _, k := range keys {
		tag(m, k) // want `m is nil when passed to tag`
	}
	if m == nil {
		return nil
	}
	return m
}
