package store

// SetLimit gives perLimit a value without making limits: a positive limit
// no longer says the map was made.
type Alerts struct {
	alerts   map[string]int
	limits   map[string]int
	perLimit int
}

func NewAlerts() *Alerts {
	return &Alerts{alerts: make(map[string]int)}
}

func (a *Alerts) WithPerLimit(n int) *Alerts {
	a.limits = make(map[string]int)
	a.perLimit = n
	return a
}

func (a *Alerts) SetLimit(n int) {
	a.perLimit = n
}

func (a *Alerts) Set(name string) {
	if a.perLimit > 0 {
		a.limits[name]++ // want "write to nil map field a.limits: the Alerts literal in NewAlerts omits limits"
	}
	a.alerts[name]++
}
