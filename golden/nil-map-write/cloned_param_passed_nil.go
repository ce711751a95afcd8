package golden

import "maps"

type recorder struct{ sent []map[string]string }

// Event passes no annotations: nil.
func (r *recorder) Event(reason string) {
	r.AnnotatedEvent(nil, reason)
}

// AnnotatedEvent copies the annotations its callers give, and a caller of
// the package passes nil: the copy of a nil map is nil.
func (r *recorder) AnnotatedEvent(input map[string]string, reason string) {
	annotations := maps.Clone(input)
	annotations["reason"] = reason // want `write to map annotations that may be nil: it is maps\.Clone of input, which is nil on some path`
	r.sent = append(r.sent, annotations)
}

func withDefaults(extra map[string]int) map[string]int {
	out := maps.Clone(extra)
	out["default"] = 1 // want `write to map out that may be nil: it is maps\.Clone of extra, which is nil on some path`
	return out
}

func defaults() map[string]int {
	return withDefaults(nil)
}
