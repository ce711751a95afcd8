package golden

// Ref names one object.
type Ref struct {
	Namespace, Name string
	Generation      int64
}

// byNamespace makes the outer map but never the inner ones.
func byNamespace(refs []Ref) map[string]map[string]int64 {
	idx := make(map[string]map[string]int64)
	for _, r := range refs {
		idx[r.Namespace][r.Name] = r.Generation // want "write to inner map idx\\[r.Namespace\\] that may be nil"
	}
	return idx
}
