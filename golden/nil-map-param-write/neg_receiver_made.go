package p

// Counts counts words.
type Counts map[string]int

// Inc makes the map when it is nil.
func (c *Counts) Inc(k string) {
	if *c == nil {
		*c = make(Counts)
	}
	(*c)[k]++
}

// Labels of an object.
type Labels map[string]string

// With writes into a copy of its receiver and returns it; its callers hand
// it made maps.
func (l Labels) With(k, v string) Labels {
	out := l
	out[k] = v
	return out
}

// Set writes its receiver and returns nothing: callers make the map.
func (l Labels) Set(k, v string) {
	l[k] = v
}

func use(words []string) (Counts, Labels) {
	var c Counts
	for _, w := range words {
		c.Inc(w)
	}
	l := Labels{}
	var unmade Labels
	if len(words) > 0 {
		unmade = Labels{}
		unmade.Set("a", "b")
	}
	return c, l.With("a", "b")
}
