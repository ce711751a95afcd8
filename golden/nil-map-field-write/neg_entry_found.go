// A non-zero value read from the map proves the map holds an entry.

package p

type state int

const (
	looping state = 1 + iota
	nonlooping
)

type queue struct{ items []int }

func (q *queue) len() int { return len(q.items) }

type entry struct {
	key  string
	next *entry
}

type Table struct {
	labels  map[string]state
	buckets map[int][]int
	waiting map[string]queue
	hash    map[int]*entry
}

func NewTable() *Table { return &Table{} }

func (t *Table) Mark(label string) {
	if t.labels[label] == nonlooping {
		t.labels[label] = looping
	}
}

func (t *Table) Remove(b, x int) bool {
	items := t.buckets[b]
	for i, v := range items {
		if v == x {
			t.buckets[b] = append(items[:i], items[i+1:]...)
			return true
		}
	}
	return false
}

func (t *Table) Drop(b, x int) {
	items := t.buckets[b]
	switch len(items) {
	case 0:
	case 1:
		if items[0] == x {
			t.buckets[b] = nil
		}
	default:
		t.buckets[b] = items[1:]
	}
}

func (t *Table) Pop(key string) {
	if q := t.waiting[key]; q.len() > 0 {
		q.items = q.items[1:]
		t.waiting[key] = q
	}
}

func (t *Table) Front(h int, key string) *entry {
	var last *entry
	for e := t.hash[h]; e != nil; last, e = e, e.next {
		if e.key != key {
			continue
		}
		if last != nil {
			last.next = e.next
			e.next = t.hash[h]
			t.hash[h] = e
		}
		return e
	}
	return nil
}
