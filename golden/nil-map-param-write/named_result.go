package labels

func index(byName map[string]int, names []string) {
	for i, n := range names {
		byName[n] = i
	}
}

func Positions(names []string) (byName map[string]int) {
	index(byName, names) // want `byName is nil when passed to index`
	return
}
