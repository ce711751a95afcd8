package main

import (
	"net/http"
	"sync"
)

type podStatuses struct {
	mu       sync.Mutex
	statuses map[string]string
}

// cache is one value for every handler; every access holds its mutex,
// and main fills it before it serves.
var cache = podStatuses{statuses: map[string]string{}}

func update(uid, s string) {
	cache.mu.Lock()
	cache.statuses[uid] = s
	cache.mu.Unlock()
}

func list(w http.ResponseWriter, _ *http.Request) {
	cache.mu.Lock()
	defer cache.mu.Unlock()
	for uid, s := range cache.statuses {
		_, _ = w.Write([]byte(uid + s))
	}
}

// snapshot is called only with the lock held.
func snapshot() map[string]string {
	out := make(map[string]string, len(cache.statuses))
	for k, v := range cache.statuses {
		out[k] = v
	}
	return out
}

func listCopy(w http.ResponseWriter, _ *http.Request) {
	cache.mu.Lock()
	all := snapshot()
	cache.mu.Unlock()
	for uid := range all {
		_, _ = w.Write([]byte(uid))
	}
}

func main() {
	cache.statuses["self"] = "ready"
	http.HandleFunc("/list", list)
	http.HandleFunc("/copy", listCopy)
	http.HandleFunc("/update", func(_ http.ResponseWriter, r *http.Request) { update(r.URL.Path, "x") })
	_ = http.ListenAndServe(":8080", nil)
}
