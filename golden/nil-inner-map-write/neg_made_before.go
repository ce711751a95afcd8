package golden

func build(a, b string) map[string]map[string]int {
	m := make(map[string]map[string]int)
	m[a] = make(map[string]int)
	m[a][b] = 1
	m[a][b]++
	return m
}
