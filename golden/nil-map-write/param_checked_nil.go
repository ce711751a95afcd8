package golden

// fill writes into its parameter exactly where it knows it is nil: a panic
// whenever that branch runs (staticcheck's nilness reports the same).
func fill(m map[string]int) {
	if m == nil {
		m["one"] = 1 // want `write to nil map m: parameter m is nil on every path to here`
	}
}

// reset sets its parameter to nil, then writes.
func reset(m map[string]bool) {
	m = nil
	m["x"] = true // want `write to nil map m: parameter m is nil on every path to here`
}
