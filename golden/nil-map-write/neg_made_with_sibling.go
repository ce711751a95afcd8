package golden

// marks makes two maps together under the nil check of the first
// (cmd/compile's inlMarks / inlMarksByPos).
func marks(pcs []int) (map[int]int32, map[int][]int) {
	var inlMarks map[int]int32
	var byPos map[int][]int
	for i, pc := range pcs {
		if inlMarks == nil {
			inlMarks = map[int]int32{}
			byPos = map[int][]int{}
		}
		inlMarks[pc] = int32(i)
		byPos[pc] = append(byPos[pc], i)
	}
	return inlMarks, byPos
}

type state struct{ n int }

func (s *state) leader(k string) bool { return s.n > len(k) }

// layout tests a variable set together with the map (cmd/compile's mls / leaders).
func layout(names []string, merge bool) map[string]int {
	var mls *state
	var leaders map[string]int
	if merge {
		mls = &state{n: 3}
		leaders = make(map[string]int)
	}
	for i, n := range names {
		if mls != nil && mls.leader(n) {
			leaders[n] = i
		}
	}
	return leaders
}
