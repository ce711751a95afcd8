package labels

// setNested walks down the nested maps with a cursor assigned anew at each
// level: the cursor is not taken as the caller's map (an alias counts only
// when it is never assigned again).
func setNested(obj map[string]any, value any, fields ...string) {
	m := obj
	for _, field := range fields[:len(fields)-1] {
		next, ok := m[field].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[field] = next
		}
		m = next
	}
	m[fields[len(fields)-1]] = value
}

func SetStatus(value any) map[string]any {
	var obj map[string]any
	setNested(obj, value, "status", "phase")
	return obj
}
