package store

// Alerts writes limits when perLimit is positive, but NewLimited sets
// perLimit in a literal that leaves limits nil.
type Alerts struct {
	alerts   map[string]int
	limits   map[string]int
	perLimit int
}

func NewAlerts() *Alerts {
	return &Alerts{alerts: make(map[string]int)}
}

// NewLimited sets the limit without the map.
func NewLimited(n int) *Alerts {
	return &Alerts{alerts: make(map[string]int), perLimit: n}
}

func (a *Alerts) WithPerLimit(n int) *Alerts {
	a.limits = make(map[string]int)
	a.perLimit = n
	return a
}

func (a *Alerts) Set(name string) {
	if a.perLimit > 0 {
		a.limits[name]++ // want "write to nil map field a.limits: the Alerts literal in NewAlerts omits limits"
	}
	a.alerts[name]++
}
