package golden

func pair(m map[string]map[string]int, a, b string) int {
	var n int
	m[a][b], n = 1, 2 // want "write to inner map m\\[a\\]"
	return n
}
