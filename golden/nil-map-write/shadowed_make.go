package golden

// sized uses a local function named make: there make(map[string]int) would
// call it, so the finding gets no fix that calls make.
func sized(n int) map[string]int {
	make := func(size int) []int { return nil }
	buf := make(n)
	var out map[string]int
	out["size"] = len(buf) // want "write to nil map out"
	return out
}
