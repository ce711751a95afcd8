package golden

type cluster struct {
	team string
}

// podAnnotations returns nil when there is nothing to annotate.
func (c *cluster) podAnnotations(extra map[string]string) map[string]string {
	if len(extra) == 0 {
		return nil
	}
	out := make(map[string]string, len(extra))
	for k, v := range extra {
		out[k] = v
	}
	return out
}

// defaults returns nil for an empty team.
func defaults(team string) map[string]string {
	if team == "" {
		return nil
	}
	return map[string]string{"team": team}
}

// always returns a made map.
func always(team string) map[string]string {
	return map[string]string{"team": team}
}

// setAnnotation writes into its parameter as it comes.
func setAnnotation(annotations map[string]string, k, v string) {
	annotations[k] = v
}

// setIfAny makes no write into a nil map.
func setIfAny(annotations map[string]string, k, v string) {
	if annotations == nil {
		return
	}
	annotations[k] = v
}

func (c *cluster) annotate(extra map[string]string) {
	setAnnotation(c.podAnnotations(extra), "owner", c.team) // want `podAnnotations can return a nil map, passed here to setAnnotation, which writes into its parameter annotations`
	setAnnotation(defaults(c.team), "owner", c.team)        // want `defaults can return a nil map, passed here to setAnnotation, which writes into its parameter annotations`
	setAnnotation(always(c.team), "owner", c.team)
	setIfAny(defaults(c.team), "owner", c.team)
}
