package ctl

import "example.com/receivers/teams"

// Controller keeps the team map.
type Controller struct {
	teams *teams.TeamMap
}

func (c *Controller) load(names []string) {
	c.teams = new(teams.TeamMap)
	c.teams.Load(names)
}

func (c *Controller) reload(names []string) {
	c.teams = new(teams.TeamMap)
	c.teams.Reload(names)
}

func podAnnotations(spec teams.AnnotationsSpec, extra teams.Annotations) teams.Annotations {
	return spec.All().Merge(extra)
}

func checked(spec teams.AnnotationsSpec, extra teams.Annotations) teams.Annotations {
	if all := spec.All(); all != nil {
		all.Apply(extra)
		return all
	}
	return extra
}

func sets() (teams.Set, teams.Set) {
	p := new(teams.Set)
	*p = teams.Set{}
	p.Add("y")
	s := teams.Set{}
	s.Add("x")
	return *p, s
}
