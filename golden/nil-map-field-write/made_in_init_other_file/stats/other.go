package stats

func init() {
	touched.total = 1
	reset = resetT{total: 2}
}

// Setup makes late's map, but nothing makes callers run it first.
func Setup() {
	late = lateT{counts: make(map[string]int)}
}

// Touch writes into the map no init made.
func Touch(k string) {
	touched.counts[k]++ // want `write to nil map field touched.counts`
}

// Reset writes into the map the init's literal leaves nil.
func Reset(k string) {
	reset.counts[k] = 0 // want `write to nil map field reset.counts`
}

// Late writes into the map only Setup makes.
func Late(k string) {
	late.counts[k] = 1 // want `write to nil map field late.counts`
}
