package p

import "sync"

// index is filled by load inside its constructor, before any other
// goroutine can reach it; afterwards every access holds mut.
type index struct {
	mut    sync.Mutex
	id2val map[uint32]string
	nextID uint32
}

func newIndex(vals []string) *index {
	idx := &index{id2val: make(map[uint32]string)}
	idx.load(vals)
	return idx
}

func (i *index) load(vals []string) {
	for _, v := range vals {
		i.id2val[i.nextID] = v
		i.nextID++
	}
}

func (i *index) Val(id uint32) (string, bool) {
	i.mut.Lock()
	defer i.mut.Unlock()
	v, ok := i.id2val[id]
	return v, ok
}

func (i *index) Add(v string) uint32 {
	i.mut.Lock()
	defer i.mut.Unlock()
	id := i.nextID
	i.id2val[id] = v
	i.nextID++
	return id
}
