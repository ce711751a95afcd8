// Built-in values set a field that the writing method rejects first.

package p

import "io"

type Profile struct {
	name  string
	m     map[string]int
	write func(io.Writer) error
}

func writeHeap(w io.Writer) error { return nil }

var heapProfile = &Profile{
	name:  "heap",
	write: writeHeap,
}

func NewProfile(name string) *Profile {
	return &Profile{name: name, m: make(map[string]int)}
}

func (p *Profile) Add(key string) {
	if p.write != nil {
		panic("Add called on built-in profile " + p.name)
	}
	p.m[key]++
}

func Heap() *Profile { return heapProfile }
