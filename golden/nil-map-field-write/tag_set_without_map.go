package p

type shape int

const (
	shapeLeaf shape = iota
	shapeBranch
)

type item struct {
	shape shape
	kids  map[string]*item
}

func newBranch() *item {
	return &item{shape: shapeBranch, kids: map[string]*item{}}
}

// promote makes a branch without making its kids.
func (i *item) promote() {
	i.shape = shapeBranch
}

func (i *item) add(name string) {
	if i.shape != shapeBranch {
		return
	}
	i.kids[name] = &item{} // want `write to nil map field i\.kids`
}

type mode int

const (
	modeOff mode = iota
	modeOn
)

type switcher struct {
	mode  mode
	state map[string]bool
}

func newSwitcher(m mode) *switcher {
	return &switcher{mode: m, state: map[string]bool{}}
}

func offSwitcher(m mode) *switcher {
	return &switcher{mode: m}
}

// set trusts the mode, but a literal sets it from a variable.
func (s *switcher) set(k string) {
	if s.mode == modeOn {
		s.state[k] = true // want `write to nil map field s\.state`
	}
}
