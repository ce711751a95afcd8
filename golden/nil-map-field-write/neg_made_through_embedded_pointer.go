// A field promoted from an embedded *T made right after the embedded value.

package p

type state struct {
	tab map[string]int
}

type pkg struct {
	name string
	*state
}

type summary struct {
	seen map[string]int
}

type Goroutine struct {
	ID int
	*summary
}

func newPkg(name string, combine bool) *pkg {
	p := &pkg{name: name}
	if combine {
		p.state = new(state)
		p.tab = make(map[string]int)
	}
	return p
}

func (p *pkg) add(k string) {
	p.tab[k]++
}

func newGoroutine(id int) *Goroutine {
	g := &Goroutine{ID: id, summary: &summary{}}
	g.seen = make(map[string]int)
	return g
}

func (g *Goroutine) mark(k string) {
	g.seen[k]++
}
