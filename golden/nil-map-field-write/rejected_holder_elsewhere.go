// The holder's inner value is also used where the rejected field is not
// checked: the legacy literal reaches the write through Reset.

package p

type ordering struct {
	states map[int]string
}

func (o *ordering) advance(id int, s string) {
	o.states[id] = s // want "write to nil map field o.states: the Reader literal in NewReader leaves it nil"
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
		return ""
	}
	r.order.advance(id, "read")
	return r.order.states[id]
}

func (r *Reader) Reset(id int) {
	r.order.advance(id, "")
}
