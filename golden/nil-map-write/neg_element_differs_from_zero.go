package p

import "errors"

var errNotFound = errors.New("not found")

func load(ok bool) (map[string]any, error) {
	if !ok {
		return nil, errNotFound
	}
	return map[string]any{"c": 1}, nil
}

// A nil map's element is the zero value: past a check that leaves when the
// element is nil (or zero), the map holds an element, so it is not nil.
func Args(ok bool) (map[string]any, error) {
	m, err := load(ok)
	if err != nil && !errors.Is(err, errNotFound) {
		return nil, err
	}
	if m["c"] == nil {
		return m, nil
	}
	m["c"] = 2
	return m, nil
}

func names(ok bool) map[string]string {
	if !ok {
		return nil
	}
	return map[string]string{"a": "b"}
}

func Rename(ok bool) map[string]string {
	m := names(ok)
	if "" == m["a"] {
		return m
	}
	m["a"] = "c"
	return m
}

func Mark(ok bool) map[string]any {
	m, _ := load(ok)
	if m["c"] != nil {
		m["d"] = true
	}
	return m
}
