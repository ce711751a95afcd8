package labels

func store(m map[string]string, k, v string) {
	m[k] = v
}

func load() map[string]string {
	return map[string]string{}
}

func fillFrom(dst *map[string]string) {
	*dst = map[string]string{}
}

func assigned() {
	var m map[string]string
	m = load()
	store(m, "a", "b")

	var n map[string]string
	fillFrom(&n)
	store(n, "c", "d")
}
