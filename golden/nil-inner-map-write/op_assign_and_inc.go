package golden

func tally(pairs [][2]string) map[string]map[string]int {
	counts := make(map[string]map[string]int)
	for _, p := range pairs {
		counts[p[0]][p[1]]++ // want "write to inner map counts\\[p\\[0\\]\\]"
	}
	return counts
}

func weigh(pairs [][2]string, w int) map[string]map[string]int {
	weights := map[string]map[string]int{}
	for _, p := range pairs {
		weights[p[0]][p[1]] += w // want "write to inner map weights\\[p\\[0\\]\\]"
	}
	return weights
}
