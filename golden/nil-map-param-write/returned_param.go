package labels

type Cluster struct {
	inherited []string
	source    map[string]string
}

// podAnnotations returns nil when there is nothing to add.
func (c *Cluster) podAnnotations(extra map[string]string) map[string]string {
	out := make(map[string]string)
	for k, v := range extra {
		out[k] = v
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// inherit writes into annotations and returns it: every caller takes the
// result, so the guard belongs here.
func (c *Cluster) inherit(annotations map[string]string) map[string]string {
	for _, k := range c.inherited {
		if v, ok := c.source[k]; ok {
			annotations[k] = v // want `inherit writes into its parameter annotations, which a caller may pass as nil \(returned_param\.go:\d+ and 1 other call\(s\)\); it returns annotations, so a guard here fixes every caller`
		}
	}
	if len(annotations) > 0 {
		return annotations
	}
	return nil
}

func (c *Cluster) Pod(extra map[string]string) map[string]string {
	return c.inherit(c.podAnnotations(extra))
}

func (c *Cluster) Service(extra map[string]string) map[string]string {
	got := c.inherit(c.podAnnotations(extra))
	return got
}

func (c *Cluster) Empty() map[string]string {
	return c.inherit(map[string]string{})
}

// stamp returns its parameter too, but one call drops the result: that
// caller would not see a map made in here, so the finding stays at the call.
func stamp(annotations map[string]string, at string) map[string]string {
	annotations["at"] = at
	return annotations
}

func (c *Cluster) Stamp(extra map[string]string) {
	stamp(c.podAnnotations(extra), "now") // want `podAnnotations can return a nil map, passed here to stamp, which writes into its parameter annotations`
}

func (c *Cluster) StampKept(extra map[string]string) map[string]string {
	return stamp(map[string]string{}, "then")
}
