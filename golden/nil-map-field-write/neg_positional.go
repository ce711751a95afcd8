package pair

// Pair is always built with a positional literal, which sets every field.
type Pair struct {
	name  string
	attrs map[string]string
}

// NewPair sets attrs positionally.
func NewPair(name string) Pair {
	return Pair{name, map[string]string{}}
}

// Set writes through a pointer.
func (p *Pair) Set(k, v string) {
	p.attrs[k] = v
}
