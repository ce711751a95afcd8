package p

// Insert checks the group's entry and, when it is missing, has InitGroup
// make it: InitGroup makes m[key] for the key Insert computes (the same
// expression once gvk is the argument), so the group read after is made.
type Kind struct{ Group, Name string }

type groupKey struct{ kind Kind }

type ObjectMap map[groupKey]map[string]int

func (m ObjectMap) InitGroup(kind Kind) {
	key := groupKey{kind: kind}
	if m[key] == nil {
		m[key] = make(map[string]int)
	}
}

func (m ObjectMap) Insert(kind Kind, name string) {
	key := groupKey{kind: kind}
	if m[key] == nil {
		m.InitGroup(kind)
	}
	group := m[key]
	group[name]++
}
