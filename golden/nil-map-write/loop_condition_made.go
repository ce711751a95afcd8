package golden

type reader struct {
	toks []string
	pos  int
}

func (r *reader) more() bool { return r.pos < len(r.toks) }

func (r *reader) next() string {
	s := r.toks[r.pos]
	r.pos++
	return s
}

// pairs makes the map under the condition that the loop right after it
// tests before its first iteration.
func pairs(r *reader) map[string]string {
	var m map[string]string
	if r.more() {
		m = make(map[string]string)
	}
	for r.more() {
		k := r.next()
		m[k] = r.next()
	}
	return m
}

// Near miss: the loop tests a condition the make does not imply.
func counts(r *reader, strict bool) map[string]int {
	var m map[string]int
	if strict && r.more() {
		m = make(map[string]int)
	}
	for r.more() {
		m[r.next()]++ // want `may be nil`
	}
	return m
}

// Near miss: the counter of the loop is set in its initializer, after the
// if tested it.
func firsts(keys []string, i int) map[string]int {
	var m map[string]int
	if i < len(keys) {
		m = make(map[string]int)
	}
	for i = 0; i < len(keys); i++ {
		m[keys[i]] = i // want `may be nil`
	}
	return m
}

// Near miss: the else arm rewinds the reader, so the loop may run though
// the if found nothing to read.
func rewound(r *reader) map[string]string {
	var m map[string]string
	if r.more() {
		m = make(map[string]string)
	} else {
		r.pos = 0
	}
	for r.more() {
		k := r.next()
		m[k] = r.next() // want `may be nil`
	}
	return m
}
