package logs

// Helper carries per-block state; the global options build one without it.
type Helper struct {
	name  string
	state map[string]int
}

// parseGlobal always gives names: parseLog takes its global branch, which
// never touches the state.
func parseGlobal(name string) []string {
	names := make(map[string]struct{})
	return parseLog(Helper{name: name}, names)
}

func parseBlock(name string) []string {
	return parseLog(Helper{name: name, state: map[string]int{}}, nil)
}

func parseLog(h Helper, names map[string]struct{}) []string {
	global := names != nil
	if global {
		names[h.name] = struct{}{}
		return []string{h.name}
	}
	h.state["count"]++
	if names == nil {
		h.state[h.name] = 1
	}
	return nil
}
