package p

import (
	"fmt"
	"net/http"
	"time"
)

// The constructor fills the table and only then starts the goroutine that
// reads it: the go statement orders the writes before the loop. ServeHTTP
// writes while the loop reads: that write is reported.
type Tracker struct {
	last    map[string]time.Time
	pending map[string]int
}

func NewTracker(names []string) *Tracker {
	t := &Tracker{last: map[string]time.Time{}, pending: map[string]int{}}
	for _, n := range names {
		t.last[n] = time.Now()
	}
	t.load(names)
	go t.loop()
	return t
}

func (t *Tracker) load(names []string) {
	for i, n := range names {
		t.pending[n] = i
	}
}

func (t *Tracker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t.pending[r.URL.Path]++ // want "concurrent write to map t.pending"
}

func (t *Tracker) loop() {
	for range time.Tick(time.Second) {
		for n, at := range t.last {
			fmt.Println(n, at, t.pending[n])
		}
	}
}
