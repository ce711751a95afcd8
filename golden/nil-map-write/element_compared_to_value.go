package p

func counts(ok bool) map[string]int {
	if !ok {
		return nil
	}
	return map[string]int{"a": 1}
}

// A nil map's element (0) differs from 1 too: this check proves nothing.
func Bump(ok bool) map[string]int {
	m := counts(ok)
	if m["a"] == 1 {
		return m
	}
	m["a"] = 1 // want "write to map m that may be nil"
	return m
}

// The element is nil here, on the branch a nil map takes.
func Fill(ok bool) map[string]*int {
	var m map[string]*int
	if ok {
		m = map[string]*int{}
	}
	if m["a"] == nil {
		m["a"] = new(int) // want "write to map m that may be nil"
	}
	return m
}
