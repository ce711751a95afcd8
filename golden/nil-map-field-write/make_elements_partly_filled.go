package p

// Near misses of neg_make_elements_filled: the loop skips elements, fills
// another slice, or the slice is handed on before the loop runs.
type shard struct {
	keys map[string]bool
}

type index struct {
	shards []shard
	spare  []shard
	mirror []shard
}

func newIndex(n int, publish func([]shard)) *index {
	shards := make([]shard, n)
	for i := range shards {
		if i%2 == 0 {
			continue
		}
		shards[i].keys = make(map[string]bool)
	}
	spare := make([]shard, n)
	other := make([]shard, n)
	for i := range other {
		other[i].keys = map[string]bool{}
	}
	mirror := make([]shard, n)
	publish(mirror)
	for i := range mirror {
		mirror[i].keys = map[string]bool{}
	}
	return &index{shards: shards, spare: spare, mirror: mirror}
}

func (x *index) add(k string) {
	s := &x.shards[len(k)%len(x.shards)]
	s.keys[k] = true // want "write to nil map field s.keys"
}

func (x *index) addSpare(k string) {
	x.spare[0].keys[k] = true // want "write to nil map field x.spare\\[0\\].keys"
}

func (x *index) addMirror(k string) {
	x.mirror[0].keys[k] = true // want "write to nil map field x.mirror\\[0\\].keys"
}

// A counted loop that starts at 1 leaves the first element's map nil.
type row struct {
	cells map[int]string
}

func newRows(n int) []row {
	rows := make([]row, n)
	for i := 1; i < n; i++ {
		rows[i].cells = map[int]string{}
	}
	return rows
}

func fill(rows []row) {
	rows[0].cells[0] = "x" // want "write to nil map field rows\\[0\\].cells"
}
