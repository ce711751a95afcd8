package labels

import "strings"

// parseInto writes into values.
func parseInto(s string, values map[string]string) error {
	k, v, _ := strings.Cut(s, "=")
	values[k] = v
	return nil
}

func merge(dst, src map[string]string) map[string]string {
	out := make(map[string]string, len(dst)+len(src))
	for k, v := range dst {
		out[k] = v
	}
	for k, v := range src {
		out[k] = v
	}
	return out
}

// Compose merges whole documents and parses single values: a single value
// that comes first meets the map before any merge made it.
func Compose(refs []string, docs map[string]map[string]string) (map[string]string, error) {
	var result map[string]string
	for _, ref := range refs {
		if doc, ok := docs[ref]; ok {
			result = merge(result, doc)
			continue
		}
		if err := parseInto(ref, result); err != nil { // want `result may be nil when passed to parseInto, which writes into its parameter values`
			return nil, err
		}
	}
	return result, nil
}

// ComposeMade makes the map before the loop: every iteration has one.
func ComposeMade(refs []string, docs map[string]map[string]string) (map[string]string, error) {
	var result map[string]string
	result = merge(result, nil)
	for _, ref := range refs {
		if doc, ok := docs[ref]; ok {
			result = merge(result, doc)
			continue
		}
		if err := parseInto(ref, result); err != nil {
			return nil, err
		}
	}
	return result, nil
}
