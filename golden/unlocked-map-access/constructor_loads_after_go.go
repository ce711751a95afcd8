package p

import "sync"

// index starts its flusher goroutine before load fills it: the flusher
// can read the map under mut while load writes it without.
type index struct {
	mut    sync.Mutex
	id2val map[uint32]string
	nextID uint32
}

func newIndex(vals []string) *index {
	idx := &index{id2val: make(map[uint32]string)}
	go idx.flush()
	idx.load(vals)
	return idx
}

func (i *index) flush() {
	i.mut.Lock()
	defer i.mut.Unlock()
	for id := range i.id2val {
		_ = id
	}
}

func (i *index) load(vals []string) {
	for _, v := range vals {
		i.id2val[i.nextID] = v // want "write to map i.id2val without holding i.mut"
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
