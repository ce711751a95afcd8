package golden

// ready makes the map only for large batches.
func ready(items []string) map[string]bool {
	var conditions map[string]bool
	if len(items) > 3 {
		conditions = make(map[string]bool, len(items))
	}
	for _, it := range items {
		conditions[it] = true // want "write to map conditions that may be nil"
	}
	return conditions
}

// kind makes the map in only some cases of a switch without default.
func kind(k string) map[string]int {
	var m map[string]int
	switch k {
	case "a":
		m = map[string]int{}
	case "b":
		m = make(map[string]int)
	}
	m[k] = 1 // want "write to map m that may be nil"
	return m
}
