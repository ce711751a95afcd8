package p

// Counts counts words.
type Counts map[string]int

// Inc writes through its pointer receiver.
func (c *Counts) Inc(k string) {
	(*c)[k]++ // want `Counts.Inc writes into its receiver's map \*c, which a caller may leave nil: receiver_var_never_made.go:\d+ calls it on c, declared by var c Counts and never made`
}

func tally(words []string) Counts {
	var c Counts
	for _, w := range words {
		c.Inc(w)
	}
	return c
}

// Labels of an object.
type Labels map[string]string

// Merge writes into a copy of its receiver and returns it.
func (l Labels) Merge(with Labels) Labels {
	out := l
	for k, v := range with {
		out[k] = v // want `Labels.Merge writes into its receiver's map out, which a caller may leave nil: receiver_var_never_made.go:\d+ calls it on all, declared by var all Labels and never made`
	}
	return out
}

func merged(parts []Labels) Labels {
	var all Labels
	for _, p := range parts {
		all = all.Merge(p)
	}
	return all
}
