// Package scan fills tag lists from goroutines.
package scan

import (
	"errors"
	"sync"

	"example.com/joinedfanout/tags"
)

// Collect adds every tag from its own goroutine and waits for all of them
// before it hands the list out.
func Collect(names []string) *tags.List {
	var list *tags.List = tags.NewList()
	if len(names) == 0 {
		return list
	}
	var wg sync.WaitGroup
	for i, name := range names {
		if name == "" {
			list.Add("empty", i)
			continue
		}
		wg.Add(1)
		go func(name string, i int) {
			defer wg.Done()
			list.Add(name, i)
		}(name, i)
	}
	wg.Wait()
	return list
}

// Names sorts what Collect gathered.
func Names(names []string) []string {
	list := Collect(names)
	if list.Len() == 0 {
		return nil
	}
	return list.Sorted()
}

// Fire starts goroutines and never waits for them.
func Fire(names []string) []string {
	u := tags.NewUnjoined()
	for i, name := range names {
		go func(name string, i int) {
			u.Add(name, i)
		}(name, i)
	}
	return u.Sorted()
}

// Maybe waits only when asked to.
func Maybe(names []string, wait bool) []string {
	o := tags.NewOnePath()
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func(name string, i int) {
			defer wg.Done()
			o.Add(name, i)
		}(name, i)
	}
	if wait {
		wg.Wait()
	}
	return o.Sorted()
}

// Early hands the list out on an error path before the goroutines end.
func Early(names []string) (*tags.Early, error) {
	e := tags.NewEarly()
	var wg sync.WaitGroup
	for i, name := range names {
		if name == "" {
			return e, errors.New("empty name")
		}
		wg.Add(1)
		go func(name string, i int) {
			defer wg.Done()
			e.Add(name, i)
		}(name, i)
	}
	wg.Wait()
	return e, nil
}

// EarlyNames sorts what Early gathered.
func EarlyNames(names []string) []string {
	e, err := Early(names)
	if err != nil {
		return e.Sorted()
	}
	return e.Sorted()
}

// Peek counts the tags while the goroutines still add them.
func Peek(names []string) int {
	p := tags.NewPeeked()
	var wg sync.WaitGroup
	n := 0
	for i, name := range names {
		wg.Add(1)
		go func(name string, i int) {
			defer wg.Done()
			p.Add(name, i)
		}(name, i)
		n = p.Count()
	}
	wg.Wait()
	return n
}

// holder keeps a list where other goroutines can reach it.
type holder struct {
	list *tags.Kept
}

// Keep fills a kept list from joined goroutines; the holder shares it.
func Keep(names []string) *holder {
	k := tags.NewKept()
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func(name string, i int) {
			defer wg.Done()
			k.Add(name, i)
		}(name, i)
	}
	wg.Wait()
	return &holder{list: k}
}

// Sorted reads the kept list.
func (h *holder) Sorted() []string {
	return h.list.Sorted()
}

// Group adds every tag with wg.Go and waits before it sorts the list.
func Group(names []string) []string {
	g := tags.NewGrouped()
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			g.Add(name, i)
		})
	}
	wg.Wait()
	return g.Sorted()
}

// Boxes fills a list from joined goroutines.
func Boxes(names []string) []string {
	b := tags.NewBoxed()
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			b.Add(name, i)
		})
	}
	wg.Wait()
	return b.Sorted()
}

// box keeps any value.
type box struct {
	v any
}

// Box keeps a new list in a field of interface type.
func Box() *box {
	return &box{v: tags.NewBoxed()}
}

// Deferred counts the tags from a deferred call: the early return runs it
// while the goroutines started before still add.
func Deferred(names []string, out *int) error {
	d := tags.NewDeferred()
	defer func() { *out = d.Count() }()
	var wg sync.WaitGroup
	for i, name := range names {
		if name == "" {
			return errors.New("empty name")
		}
		wg.Add(1)
		go func(name string, i int) {
			defer wg.Done()
			d.Add(name, i)
		}(name, i)
	}
	wg.Wait()
	return nil
}

// Closed counts the tags from a deferred call that runs after the wait.
func Closed(names []string, out *int) error {
	c := tags.NewClosed()
	defer func() { *out = c.Count() }()
	if len(names) == 0 {
		return errors.New("no names")
	}
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func(name string, i int) {
			defer wg.Done()
			c.Add(name, i)
		}(name, i)
	}
	wg.Wait()
	return nil
}

// Broken adds the batches from goroutines and leaves the loop before the
// wait of a long batch, then counts while they still add.
func Broken(batches [][]string) int {
	b := tags.NewBroken()
	for _, names := range batches {
		var wg sync.WaitGroup
		for i, name := range names {
			wg.Add(1)
			go func(name string, i int) {
				defer wg.Done()
				b.Add(name, i)
			}(name, i)
		}
		if len(names) > 10 {
			break
		}
		wg.Wait()
	}
	return b.Count()
}

// Labeled skips the rest of a batch at an empty name and waits for every
// goroutine before it counts.
func Labeled(batches [][]string) int {
	l := tags.NewLabeled()
	var wg sync.WaitGroup
batches:
	for _, names := range batches {
		for i, name := range names {
			if name == "" {
				continue batches
			}
			wg.Add(1)
			go func(name string, i int) {
				defer wg.Done()
				l.Add(name, i)
			}(name, i)
		}
	}
	wg.Wait()
	return l.Count()
}
