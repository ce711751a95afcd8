package checker

// Checker builds two maps together, lazily.
type Checker struct {
	pathMap map[string]map[string]bool
	seen    map[string]bool
}

// NewChecker leaves both maps nil; they are made on first use.
func NewChecker() *Checker {
	return &Checker{}
}

// Qualify makes both maps together before calling mark.
func (c *Checker) Qualify(pkg string, deps map[string][]string) bool {
	if c.pathMap == nil {
		c.pathMap = make(map[string]map[string]bool)
		c.seen = make(map[string]bool)
		c.mark(pkg, deps)
	}
	return len(c.pathMap[pkg]) > 1
}

// Import keeps the maps current once they exist.
func (c *Checker) Import(pkg string, deps map[string][]string) {
	if c.pathMap != nil {
		c.mark(pkg, deps)
	}
}

// mark is only called after the maps are made.
func (c *Checker) mark(pkg string, deps map[string][]string) {
	if c.seen[pkg] {
		return
	}
	c.seen[pkg] = true
	for _, d := range deps[pkg] {
		c.mark(d, deps)
	}
}
