package golden

func branches(big bool, kind string) map[string]bool {
	var seen map[string]bool
	if big {
		seen = make(map[string]bool, 64)
	} else {
		seen = map[string]bool{}
	}
	seen["x"] = true

	var byKind map[string]int
	switch kind {
	case "a":
		byKind = map[string]int{"a": 1}
	default:
		byKind = make(map[string]int)
	}
	byKind[kind]++
	return seen
}
