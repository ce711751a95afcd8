package status

import (
	"net/http"
	"sync"
)

type podStatuses struct {
	mu       sync.Mutex
	statuses map[string]string
}

// cache is one value for every handler: its mutex guards its map.
var cache = podStatuses{statuses: map[string]string{}}

func update(uid, s string) {
	cache.mu.Lock()
	cache.statuses[uid] = s
	cache.mu.Unlock()
}

func remove(uid string) {
	cache.mu.Lock()
	defer cache.mu.Unlock()
	delete(cache.statuses, uid)
}

// list ranges the map on a request goroutine while other requests write it.
func list(w http.ResponseWriter, _ *http.Request) {
	for uid, s := range cache.statuses { // want "read of map cache.statuses without holding cache.mu: update locks it"
		_, _ = w.Write([]byte(uid + s))
	}
}

// hitCounter embeds its mutex: a variable of it is itself the lock.
type hitCounter struct {
	sync.RWMutex
	hits map[string]int
}

var counters = &hitCounter{hits: map[string]int{}}

func hit(path string) {
	counters.Lock()
	counters.hits[path]++
	counters.Unlock()
}

func reset(path string) {
	counters.hits[path] = 0 // want "write to map counters.hits without holding counters: hit locks it"
}

// Serve registers the handlers.
func Serve() error {
	http.HandleFunc("/list", list)
	http.HandleFunc("/update", func(_ http.ResponseWriter, r *http.Request) {
		update(r.URL.Path, "x")
		hit(r.URL.Path)
	})
	http.HandleFunc("/remove", func(_ http.ResponseWriter, r *http.Request) {
		remove(r.URL.Path)
		reset(r.URL.Path)
	})
	return http.ListenAndServe(":8080", nil)
}
