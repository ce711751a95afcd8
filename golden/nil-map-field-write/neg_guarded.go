package options

// Options is usable as a zero value: every write is guarded.
type Options struct {
	defaults map[string]string
	counts   map[string]int
	seen     map[string]bool
}

// SetDefault makes the map lazily.
func (o *Options) SetDefault(k, v string) {
	if o.defaults == nil {
		o.defaults = make(map[string]string)
	}
	o.defaults[k] = v
}

// Count only writes when the map exists.
func (o *Options) Count(k string) {
	if o.counts != nil {
		o.counts[k]++
	}
}

// Bump writes after a lookup found the key, which proves the map non-nil.
func (o *Options) Bump(k string) {
	if n, ok := o.counts[k]; ok {
		o.counts[k] = n + 1
	}
}

// Mark returns early on a nil map.
func (o *Options) Mark(k string) {
	if o.seen == nil {
		return
	}
	o.seen[k] = true
}

// Use builds a zero value and calls every method.
func Use() {
	var o Options
	o.SetDefault("a", "b")
	o.Count("a")
	o.Bump("a")
	o.Mark("a")
}
