package labels

// merge writes into base through result, an alias of it, and returns the
// alias: every caller takes the result, so the guard belongs here.
func merge(base map[string]string, extra ...map[string]string) map[string]string {
	result := base
	for _, m := range extra {
		for k, v := range m {
			result[k] = v // want `merge writes into its parameter base \(as result\), which a caller may pass as nil \(returned_alias\.go:\d+\); it returns result, so a guard here fixes every caller`
		}
	}
	return result
}

func Defaults(extra map[string]string) map[string]string {
	var base map[string]string
	return merge(base, extra)
}

// mergeMade makes the alias when it is nil: nothing to report.
func mergeMade(base map[string]string, extra map[string]string) map[string]string {
	result := base
	if result == nil {
		result = map[string]string{}
	}
	for k, v := range extra {
		result[k] = v
	}
	return result
}

func DefaultsMade(extra map[string]string) map[string]string {
	var base map[string]string
	return mergeMade(base, extra)
}

// mergeChecked returns early for a nil base before the alias: the alias
// is never nil.
func mergeChecked(base map[string]string, extra map[string]string) map[string]string {
	if base == nil {
		return nil
	}
	result := base
	for k, v := range extra {
		result[k] = v
	}
	return result
}

func DefaultsChecked(extra map[string]string) map[string]string {
	var base map[string]string
	return mergeChecked(base, extra)
}

// mergeAssigned aliases the parameter, then gives the alias a map of its
// own before writing.
func mergeAssigned(base map[string]string, extra map[string]string) map[string]string {
	result := base
	result = make(map[string]string, len(extra))
	for k, v := range extra {
		result[k] = v
	}
	return result
}

func DefaultsAssigned(extra map[string]string) map[string]string {
	var base map[string]string
	return mergeAssigned(base, extra)
}

// mergeInto's only caller makes the map first.
func mergeInto(base map[string]string, extra map[string]string) map[string]string {
	result := base
	for k, v := range extra {
		result[k] = v
	}
	return result
}

func DefaultsInto(extra map[string]string) map[string]string {
	base := map[string]string{}
	return mergeInto(base, extra)
}
