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
