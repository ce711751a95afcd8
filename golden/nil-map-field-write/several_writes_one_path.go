package p

// Two writes of one path into a field that new(Counter) leaves nil: one
// guard before the first covers both.

type Counter struct {
	hits map[string]int
	seen int
}

func (c *Counter) Hit(k string, counted bool) {
	if counted {
		c.hits[k]++ // want "write to nil map field c.hits"
	}
	c.seen++
	c.hits["total"]++ // want "write to nil map field c.hits"
}

// A method called between the writes may reset the map: each write keeps
// its own guard.
func (c *Counter) HitAndReset(k string, counted bool) {
	if counted {
		c.hits[k]++ // want "write to nil map field c.hits"
	}
	c.reset()
	c.hits["total"]++ // want "write to nil map field c.hits"
}

func (c *Counter) reset() {
	if c.seen > 10 {
		c.hits = nil
	}
}

func use() *Counter {
	c := new(Counter)
	c.Hit("a", true)
	c.HitAndReset("b", false)
	return c
}
