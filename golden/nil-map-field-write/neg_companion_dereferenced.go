package sampler

import "math/rand"

type Shape interface{ Area() float64 }

// Sampler is returned without its state; Init makes the generator, the
// hook, the shape and both maps together, and nothing clears them.
type Sampler struct {
	seed   int64
	gen    *rand.Rand
	hook   func(string)
	shape  Shape
	cfg    *config
	byID   map[string]int
	names  map[string]string
	shapes map[string]Shape
	tags   map[string]bool
}

type config struct{ limit int }

func New(seed int64) *Sampler {
	return &Sampler{seed: seed}
}

func (s *Sampler) Init(shape Shape) {
	s.gen = rand.New(rand.NewSource(s.seed))
	s.byID = map[string]int{}
	s.hook = func(string) {}
	s.names = map[string]string{}
	s.shape = shape
	s.shapes = map[string]Shape{}
	s.cfg = &config{limit: 10}
	s.tags = map[string]bool{}
}

// Sample calls a method through the generator first: on a Sampler that
// skipped Init, the nil *rand.Rand panics before the map write.
func (s *Sampler) Sample(id string) int {
	v := s.gen.Intn(100)
	s.byID[id] = v
	return v
}

// Name calls the hook (a nil func panics when called).
func (s *Sampler) Name(id string) {
	s.hook(id)
	s.names[id] = id
}

// Keep calls a method of the interface field (a nil interface panics).
func (s *Sampler) Keep(id string) {
	_ = s.shape.Area()
	s.shapes[id] = s.shape
}

// Tag reads a field through the pointer (a nil pointer panics).
func (s *Sampler) Tag(id string) {
	n := s.cfg.limit
	if n > 0 {
		s.tags[id] = true
	}
}
