package p

type resetT struct {
	counts map[string]int
	total  int
}

// reset is replaced by init with a literal that leaves counts nil: a
// literal stored in a package variable reaches every function that uses
// the variable, not only the function that built it.
var reset resetT

func init() {
	reset = resetT{total: 2}
}

// Reset writes into the map the literal left nil.
func Reset(k string) {
	reset.counts[k] = 0 // want `write to nil map field reset.counts: the resetT literal in init omits counts`
}

type cacheT struct {
	entries map[string]int
}

// local: a literal in a local variable used only there does not reach
// Store.
func local() int {
	c := cacheT{}
	return len(c.entries)
}

var shared = cacheT{entries: map[string]int{}}

// Store writes into the package variable's map, made by its initialiser.
func Store(k string) {
	shared.entries[k] = local()
}
