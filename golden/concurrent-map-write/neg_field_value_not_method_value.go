package p

import "net/http"

// ev.Name reads the field Name of an Event; it is not the method value
// Recorder.Name handed to net/http, though Recorder is the one type with a
// method of that name. Nothing runs Recorder.Name on another goroutine.
type Event struct {
	Name  string
	Value string
}

type Recorder struct {
	names map[string]int
}

func (r *Recorder) Name(n string) {
	r.names[n]++
}

func cookie(ev Event) *http.Cookie {
	return &http.Cookie{Name: ev.Name, Value: ev.Value}
}

func sessionCookie(ev Event) *http.Cookie {
	return &http.Cookie{Name: ev.Name, HttpOnly: true}
}
