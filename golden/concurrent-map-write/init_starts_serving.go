package p

import (
	"fmt"
	"net/http"
)

// An init that starts serving first: the handlers may run while a later
// registration writes the map.
var greetings = map[string]string{}

func greet(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, greetings[r.URL.Path])
}

func addGreeting(path, text string) {
	greetings[path] = text // want "concurrent write to map greetings"
}

func init() {
	http.HandleFunc("/", greet)
	go http.ListenAndServe(":8080", nil)
	addGreeting("/hello", "hello")
}
