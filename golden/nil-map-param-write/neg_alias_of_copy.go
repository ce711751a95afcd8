package labels

import "maps"

// A copy of the parameter is not the caller's map: its writes are not
// writes into the parameter.
func mergeCopy(base map[string]string, extra map[string]string) map[string]string {
	result := maps.Clone(base)
	if result == nil {
		result = map[string]string{}
	}
	for k, v := range extra {
		result[k] = v
	}
	return result
}

func DefaultsCopy(extra map[string]string) map[string]string {
	var base map[string]string
	return mergeCopy(base, extra)
}
