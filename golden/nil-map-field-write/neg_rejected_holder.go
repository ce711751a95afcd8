// A literal of the holder sets a field that every use of the inner value
// rejects first: the legacy Reader never reaches its ordering.

package p

type ordering struct {
	states map[int]string
}

func (o *ordering) advance(id int, s string) {
	o.states[id] = s
}

type legacy struct{ events []string }

type Reader struct {
	legacy *legacy
	order  ordering
}

func NewReader(old bool) *Reader {
	if old {
		return &Reader{legacy: &legacy{}}
	}
	return &Reader{order: ordering{states: make(map[int]string)}}
}

func (r *Reader) Read(id int) string {
	if r.legacy != nil {
		if len(r.legacy.events) == 0 {
			return ""
		}
		return r.legacy.events[0]
	}
	step := func(s string) {
		r.order.advance(id, s)
	}
	step("read")
	return r.order.states[id]
}
