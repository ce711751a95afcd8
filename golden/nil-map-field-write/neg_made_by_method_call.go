// A method that makes the map, or calls one that does on its receiver, runs
// on the value right after it is built.

package p

type Bench struct {
	name  string
	extra map[string]float64
	run   func(b *Bench)
}

func (b *Bench) Reset() {
	if b.extra == nil {
		b.extra = make(map[string]float64)
	} else {
		clear(b.extra)
	}
}

func (b *Bench) runN() {
	b.Reset()
	b.run(b)
}

func (b *Bench) Report(unit string, v float64) {
	b.extra[unit] = v
}

func Run(name string, f func(b *Bench)) {
	b := &Bench{name: name, run: f}
	b.runN()
}

type index struct {
	vals map[int]int
}

func (m *index) reset() {
	if m.vals == nil {
		m.vals = make(map[int]int)
	} else {
		clear(m.vals)
	}
}

func (m *index) set(k, v int) {
	m.vals[k] = v
}

type analysis struct {
	name string
	idx  index
}

func analyse(name string, ks []int) *analysis {
	a := &analysis{name: name}
	a.idx.reset()
	for i, k := range ks {
		a.idx.set(k, i)
	}
	return a
}
