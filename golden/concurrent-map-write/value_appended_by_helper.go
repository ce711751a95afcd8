package p

// build keeps every value it makes in a package slice before returning it
// (append(all, v) stores v there): the value is no longer its caller's
// alone, and the goroutines handle starts write its map at once.
type Request struct{ Name string }

type tally struct {
	counts map[string]int
}

var all []*tally

func build() *tally {
	v := &tally{counts: map[string]int{}}
	all = append(all, v)
	return v
}

func (v *tally) add(k string) {
	v.counts[k]++ // want "concurrent write to map v.counts: add runs on several goroutines"
}

func handle(req Request) {
	v := build()
	v.add(req.Name)
}

func serve(reqs chan Request) {
	for r := range reqs {
		go handle(r)
	}
}
