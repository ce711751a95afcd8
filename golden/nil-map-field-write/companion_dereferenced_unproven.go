package sampler

import "math/rand"

// Near misses: the companion is set without the map, its use need not run
// or need not panic, or the map is cleared alone.
type Sampler struct {
	seed  int64
	gen   *rand.Rand
	hook  func(string)
	log   *logger
	cur   *rand.Rand
	byID  map[string]int
	names map[string]string
	seen  map[string]bool
	last  map[string]int
}

type logger struct{ prefix string }

// Printf accepts a nil receiver.
func (l *logger) Printf(format string) {
	if l == nil {
		return
	}
	_ = l.prefix + format
}

func New(seed int64) *Sampler {
	return &Sampler{seed: seed}
}

func (s *Sampler) Init() {
	s.gen = rand.New(rand.NewSource(s.seed))
	s.byID = map[string]int{}
	s.log = &logger{}
	s.seen = map[string]bool{}
	s.cur = rand.New(rand.NewSource(s.seed))
	s.last = map[string]int{}
}

// SetHook gives hook a value without making names.
func (s *Sampler) SetHook(h func(string)) { s.hook = h }

// Reset clears last but keeps cur.
func (s *Sampler) Reset() { s.last = nil }

// Sample uses the generator only in a closure that may never run.
func (s *Sampler) Sample(id string) int {
	f := func() int { return s.gen.Intn(100) }
	s.byID[id] = 1 // want "write to nil map field s.byID: the Sampler literal in New omits byID"
	return f()
}

// Name calls a hook that is set without the map.
func (s *Sampler) Name(id string) {
	s.hook(id)
	s.names[id] = id // want "write to nil map field s.names: the Sampler literal in New omits names"
}

// See calls a method that tolerates a nil receiver.
func (s *Sampler) See(id string) {
	s.log.Printf(id)
	s.seen[id] = true // want "write to nil map field s.seen: the Sampler literal in New omits seen"
}

// Last uses cur, which Reset keeps while it clears last.
func (s *Sampler) Last(id string) {
	v := s.cur.Intn(10)
	s.last[id] = v // want "write to nil map field s.last: the Sampler literal in New omits last"
}
