package golden

import "maps"

var defaults map[string]string

// merged copies a map that is never made: maps.Clone of a nil map is nil.
func merged(extra map[string]string) map[string]string {
	var base map[string]string
	out := maps.Clone(base)
	for k, v := range extra {
		out[k] = v // want `write to nil map out: it is maps\.Clone of base, which is nil`
	}
	return out
}

// labelled copies a map made on one branch only.
func labelled(team string) map[string]string {
	var base map[string]string
	if team != "" {
		base = map[string]string{"team": team}
	}
	labels := maps.Clone(base)
	labels["app"] = "web" // want `write to map labels that may be nil: it is maps\.Clone of base, which is nil on some path`
	return labels
}

// fromDefaults copies a package map that nothing makes.
func fromDefaults() map[string]string {
	opts := maps.Clone(defaults)
	opts["mode"] = "fast" // want `write to nil map opts: it is maps\.Clone of defaults, which is nil`
	return opts
}

// orEmpty copies its parameter where it is proven nil.
func orEmpty(src map[string]int) map[string]int {
	if src == nil {
		dst := maps.Clone(src)
		dst["zero"] = 0 // want `write to nil map dst: it is maps\.Clone of src, which is nil`
		return dst
	}
	return src
}
