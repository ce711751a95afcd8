package teams

// TeamMap holds the members of each team.
type TeamMap map[string][]string

// Load writes through its pointer receiver: a caller's new(TeamMap) points
// to a nil map.
func (tm *TeamMap) Load(names []string) {
	for _, n := range names {
		(*tm)[n] = nil // want `TeamMap.Load writes into its receiver's map \*tm, which a caller may leave nil: ctl/ctl.go:\d+ calls it on c.teams, set to new\(teams.TeamMap\)`
	}
}

// Reload makes the map first.
func (tm *TeamMap) Reload(names []string) {
	if *tm == nil {
		*tm = make(TeamMap)
	}
	for _, n := range names {
		(*tm)[n] = nil
	}
}

// Annotations of one component.
type Annotations map[string]string

// AnnotationsSpec holds the annotations of each component.
type AnnotationsSpec map[string]Annotations

// All is nil when the spec has no "all" entry.
func (a AnnotationsSpec) All() Annotations {
	return a["all"]
}

// Merge writes into a copy of its receiver and returns it.
func (a Annotations) Merge(with Annotations) Annotations {
	ret := a
	for k, v := range with {
		if _, ok := ret[k]; !ok {
			ret[k] = v // want `Annotations.Merge writes into its receiver's map ret, which a caller may leave nil: ctl/ctl.go:\d+ calls it on spec.All\(\), which can return a nil Annotations`
		}
	}
	return ret
}

// Apply writes its receiver and returns nothing: callers must make it.
func (a Annotations) Apply(with Annotations) {
	for k, v := range with {
		a[k] = v
	}
}

// Set is a set of names.
type Set map[string]bool

// Add writes through its pointer receiver; every caller makes the set.
func (s *Set) Add(k string) {
	(*s)[k] = true
}
