package p

// Near misses of neg_entry_made_by_method: the method makes the entry of
// another key, or only under a condition of its own.
type Ref struct{ Group, Name string }

type refKey struct{ group string }

type RefMap map[refKey]map[string]int

func (m RefMap) InitGroup(ref Ref) {
	key := refKey{group: ref.Name}
	if m[key] == nil {
		m[key] = make(map[string]int)
	}
}

func (m RefMap) InitIf(ref Ref, ok bool) {
	key := refKey{group: ref.Group}
	if ok {
		m[key] = make(map[string]int)
	}
}

func (m RefMap) Insert(ref Ref, name string) {
	key := refKey{group: ref.Group}
	if m[key] == nil {
		m.InitGroup(ref)
	}
	group := m[key]
	group[name]++ // want "write to map group that may be nil"
}

func (m RefMap) InsertIf(ref Ref, name string, ok bool) {
	key := refKey{group: ref.Group}
	if m[key] == nil {
		m.InitIf(ref, ok)
	}
	group := m[key]
	group[name]++ // want "write to map group that may be nil"
}
