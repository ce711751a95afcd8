package feature

import "fmt"

// SetFlags makes flags and enabled together; a flag found in flags says
// that SetFlags ran, so enabled is made too.
type FlagSet struct {
	flags   map[string]*Flag
	enabled map[string]bool
}

type Flag struct{ Beta bool }

func New() *FlagSet {
	return &FlagSet{}
}

func (f *FlagSet) SetFlags(flags map[string]Flag) {
	f.flags = map[string]*Flag{}
	f.enabled = map[string]bool{}
	for name, flag := range flags {
		copied := flag
		f.flags[name] = &copied
	}
}

func (f *FlagSet) Enable(name string) error {
	flag := f.flags[name]
	if flag == nil {
		return fmt.Errorf("unknown feature flag %q", name)
	}
	if flag.Beta {
		f.enabled[name] = true
	}
	return nil
}

// Near miss: owners is found in a map that Register fills without making
// votes.
type Poll struct {
	owners map[string]bool
	votes  map[string]int
}

func NewPoll() *Poll {
	return &Poll{}
}

func (p *Poll) Open(owner string) {
	p.owners = map[string]bool{owner: true}
	p.votes = map[string]int{}
}

func (p *Poll) Register(owner string) {
	p.owners = map[string]bool{owner: true}
}

func (p *Poll) Vote(owner string) error {
	_, ok := p.owners[owner]
	if !ok {
		return fmt.Errorf("no poll of %q", owner)
	}
	p.votes[owner]++ // want "write to nil map field p.votes: the Poll literal in NewPoll omits votes"
	return nil
}
