// A field made together with another one, past an early return when the
// other one is nil.

package p

type call struct{ name string }

type reader struct {
	pos   int
	call  *call
	bases map[int]int
}

func newReader() *reader { return &reader{} }

func (r *reader) inline(c *call) {
	r.call = c
	r.bases = make(map[int]int)
}

func (r *reader) base(old int) int {
	if r.call == nil || r.pos != 0 {
		return old
	}
	if b, ok := r.bases[old]; ok {
		return b
	}
	r.bases[old] = old + 1
	return old + 1
}
