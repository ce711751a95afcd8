package golden

func byKind(objs [][2]string) map[string]map[string]bool {
	out := make(map[string]map[string]bool)
	for _, o := range objs {
		if out[o[0]] == nil {
			out[o[0]] = make(map[string]bool)
		}
		out[o[0]][o[1]] = true
	}
	return out
}
