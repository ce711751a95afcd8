package p

import "sort"

// build makes a tally, fills it through its own methods and hands it only
// to its caller (a sort.Slice closure reads it in place): every goroutine
// handle starts gets a tally of its own.
type Request struct{ Names []string }

type tally struct {
	counts map[string]int
	order  []string
}

func build(names []string) (*tally, error) {
	var v tally
	v.counts = make(map[string]int, len(names))
	for _, n := range names {
		v.add(n)
	}
	v.order = append(v.order, names...)
	sort.Slice(v.order, func(i, j int) bool { return v.counts[v.order[i]] < v.counts[v.order[j]] })
	if len(v.counts) == 0 {
		return nil, nil
	}
	return &v, nil
}

func wrap(names []string) *tally {
	t, _ := build(names)
	return t
}

func (v *tally) add(k string) {
	v.counts[k]++
}

func handle(req Request) {
	v, err := build(req.Names)
	if err != nil || v == nil {
		return
	}
	v.add("total")
	w := wrap(req.Names)
	w.add("wrapped")
}

func serve(reqs chan Request) {
	for r := range reqs {
		go handle(r)
	}
}
