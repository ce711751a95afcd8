package store

// Alerts makes limits only together with a positive perLimit, and writes
// limits only when perLimit is positive.
type Alerts struct {
	alerts   map[string]int
	limits   map[string]int
	perLimit int
	enabled  bool
	cache    map[string]bool
}

// NewAlerts leaves limits and cache nil: perLimit is zero, enabled false.
func NewAlerts() *Alerts {
	return &Alerts{alerts: make(map[string]int), perLimit: 0}
}

// WithPerLimit is the only place setting perLimit, and it makes limits.
func (a *Alerts) WithPerLimit(n int) *Alerts {
	a.limits = make(map[string]int)
	a.perLimit = n
	return a
}

// WithCache sets enabled together with the cache.
func (a *Alerts) WithCache() *Alerts {
	a.enabled = true
	a.cache = make(map[string]bool)
	return a
}

func (a *Alerts) Set(name string) {
	if a.perLimit > 0 {
		a.limits[name]++
	}
	if a.enabled && name != "" {
		a.cache[name] = true
	}
	a.alerts[name]++
}
