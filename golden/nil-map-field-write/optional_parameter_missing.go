package logs

// Helper carries per-block state.
type Helper struct {
	name  string
	state map[string]int
}

// parseGlobal may pass a nil map: the write's branch can run on its literal.
func parseGlobal(name string, names map[string]struct{}) []string {
	return parseLog(Helper{name: name}, names)
}

func parseLog(h Helper, names map[string]struct{}) []string {
	global := names != nil
	if global {
		return []string{h.name}
	}
	h.state["count"]++ // want "write to nil map field h.state: the Helper literal in parseGlobal omits state"
	return nil
}

// Options is given a made map, but the write is on the branch where the
// map is given.
type Options struct {
	name   string
	counts map[string]int
}

func collect(name string) {
	seen := make(map[string]bool)
	record(Options{name: name}, seen)
}

func record(o Options, seen map[string]bool) {
	if seen != nil {
		o.counts[o.name]++ // want "write to nil map field o.counts: the Options literal in collect omits counts"
		seen[o.name] = true
	}
}

// Reassigned: the map is made, then replaced before the call.
type Flags struct {
	name string
	set  map[string]bool
}

func flagsFor(name string, other map[string]bool) {
	given := make(map[string]bool)
	given = other
	mark(Flags{name: name}, given)
}

func mark(f Flags, given map[string]bool) {
	if given == nil {
		f.set[f.name] = true // want "write to nil map field f.set: the Flags literal in flagsFor omits set"
	}
}
