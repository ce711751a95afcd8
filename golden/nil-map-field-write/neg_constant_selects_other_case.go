// The literal's only use passes a constant kind whose case never writes the
// map: the switch holding the write cannot take the other case for it.

package p

const (
	plainDef = iota
	hashedDef
	externDef
)

type loadState struct {
	names  map[string]int
	hashes map[uint64]int
}

func newLoadState() *loadState {
	return &loadState{names: make(map[string]int), hashes: make(map[uint64]int)}
}

func (st *loadState) add(name string, h uint64, kind int) int {
	switch kind {
	case plainDef:
		st.names[name] = len(st.names)
		return st.names[name]
	case hashedDef:
		record := func() { st.hashes[h] = len(st.hashes) }
		record()
		return st.hashes[h]
	}
	return -1
}

func addExtern(name string) int {
	st := loadState{names: make(map[string]int)}
	return st.add(name, 0, externDef)
}

func Load(names []string) int {
	st := newLoadState()
	for i, n := range names {
		st.add(n, uint64(i), hashedDef)
	}
	return addExtern("x")
}
