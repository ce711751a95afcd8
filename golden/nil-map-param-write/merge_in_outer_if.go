package p

// Options are the inline values and the sources of more.
type Options struct {
	Template bool
	Values   map[string]any
	From     []map[string]any
}

func merge(dest, src map[string]any) map[string]any {
	for k, v := range src {
		dest[k] = v // want `merge writes into its parameter dest, which a caller may pass as nil \(merge_in_outer_if\.go:36 and 1 other call\(s\)\); it returns dest, so a guard here fixes every caller`
	}
	return dest
}

func add(dest, src map[string]any) {
	for k, v := range src {
		dest[k] = v
	}
}

// Values starts from the inline values, nil when there are none: the if
// around the loop holds both the merges and the calls, it makes nothing
// before them, and a merge assigns its result only after it has run.
func Values(o Options) map[string]any {
	var values map[string]any
	if o.Values != nil {
		values = o.Values
	}
	if !o.Template {
		for _, from := range o.From {
			var tmp map[string]any
			tmp = from
			if tmp != nil {
				values = merge(values, tmp)
				tmp = nil
			}
			if len(from) > 1 {
				tmp = from
			}
			if tmp != nil {
				values = merge(values, tmp)
			}
		}
	}
	return values
}

// Collect: the same condition text at the make and at the call, but tmp
// is set anew in between: the make does not cover the call.
func Collect(o Options, extra map[string]any) map[string]any {
	var values map[string]any
	tmp := o.Values
	if tmp != nil {
		values = map[string]any{}
	}
	tmp = extra
	if tmp != nil {
		add(values, tmp) // want `values may be nil when passed to add, which writes into its parameter dest`
	}
	return values
}

// CollectSameCondition: the condition cannot change between the make and
// the call (the idiom a path-insensitive analysis cannot see).
func CollectSameCondition(debug bool, extra map[string]any) map[string]any {
	var values map[string]any
	if debug {
		values = map[string]any{}
	}
	if debug {
		add(values, extra)
	}
	return values
}

// CollectMade makes the map first.
func CollectMade(o Options) map[string]any {
	values := o.Values
	if values == nil {
		values = map[string]any{}
	}
	if !o.Template {
		for _, from := range o.From {
			add(values, from)
		}
	}
	return values
}
