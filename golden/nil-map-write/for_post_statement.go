package golden

// steps writes in the for clause's post statement: no place for a guard, the
// declaration fix is offered as unsafe only.
func steps(n int) map[int]int {
	var seen map[int]int
	for i := 0; i < n; seen[i]++ { // want "write to nil map seen"
		i++
	}
	return seen
}
