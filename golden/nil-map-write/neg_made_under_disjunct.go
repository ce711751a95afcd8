package p

// The map is made when there are keys or when the default is added: the
// two writes run only in those cases.
func signers(keys []string, strict bool, self string) map[string]bool {
	var m map[string]bool
	if len(keys) > 0 || !strict {
		m = make(map[string]bool)
	}
	for _, k := range keys {
		m[k] = true
	}
	if !strict {
		m[self] = true
	}
	return m
}
