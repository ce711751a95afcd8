package golden

// reset drops the map and writes into it again.
func reset(keys []string) int {
	m := make(map[string]int)
	m["start"] = 1
	m = nil
	for _, k := range keys {
		m[k] = 1 // want "write to nil map m: m is set to nil before the write"
	}
	return len(m)
}
