package golden

// names writes straight after the declaration: every path panicked, so making
// the map at its declaration is safe.
func names() map[string]bool {
	var seen map[string]bool
	seen["a"] = true // want "write to nil map seen: seen is nil when declared with var"
	return seen
}
