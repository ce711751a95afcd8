package p

import (
	"fmt"
	"net/http"
)

var visits = map[string]int{}

func count(w http.ResponseWriter, r *http.Request) {
	visits[r.URL.Path]++ // want "concurrent write to map visits: count runs on several goroutines"
	fmt.Fprintln(w, "ok")
}

func report(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, len(visits))
}

func serve() {
	http.HandleFunc("/", count)
	http.HandleFunc("/report", report)
}
