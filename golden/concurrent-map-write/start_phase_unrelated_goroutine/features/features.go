// Package features keeps tables that the command fills while it starts and
// that the handlers of its server read.
package features

import (
	"fmt"
	"net/http"
)

var handlers map[string]string

// Register is called by main after goroutines that never reach handlers
// started: those cannot race with it, and the server starts after it.
func Register() {
	build()
}

func build() {
	handlers = make(map[string]string)
	handlers["a"] = "alpha"
	handlers["b"] = "beta"
}

var flags = map[string]bool{}

// Flag is called by main after a goroutine that reads flags started.
func Flag(name string) {
	flags[name] = true // want "concurrent write to map flags"
}

// Enabled reads flags.
func Enabled(name string) bool { return flags[name] }

var hooks = map[string]int{}

// Hook is called by main after a goroutine that calls a function value
// started: that value may be any function, one that reads hooks too.
func Hook(name string) {
	hooks[name]++ // want "concurrent write to map hooks"
}

var tiers = map[string]int{}

// Tier is called by main after stats.Repeat started a goroutine running
// Refresh, which reads tiers.
func Tier(name string, n int) {
	tiers[name] = n // want "concurrent write to map tiers"
}

// Refresh reads tiers.
func Refresh() { fmt.Println(len(tiers)) }

var pages = map[string]string{}

// Page is called by main after a goroutine that runs the template's Parse
// of text/template (not the Parse of this package, which reads pages).
func Page(name, body string) {
	pages[name] = body
}

// Doc is a page of the package.
type Doc struct{ name string }

// Parse starts a goroutine that reads pages and drafts.
func (d *Doc) Parse(text string) (*Doc, error) {
	go func() { fmt.Println(pages[d.name], drafts[d.name], text) }()
	return d, nil
}

var drafts = map[string]string{}

// Draft is called by main after a goroutine that runs this package's Parse.
func Draft(name, body string) {
	drafts[name] = body // want "concurrent write to map drafts"
}

var notes = map[string]string{}

// Note reads notes.
func Note(name string) string { return notes[name] }

// SetNote is called by main after a goroutine that runs a local func
// literal calling Note.
func SetNote(name, text string) {
	notes[name] = text // want "concurrent write to map notes"
}

var labels = map[string]string{}

// Label names a label.
type Label string

// String reads labels.
func (l Label) String() string { return labels[string(l)] }

// SetLabel is called by main after a goroutine that calls String on a
// fmt.Stringer holding a Label.
func SetLabel(name, text string) {
	labels[name] = text // want "concurrent write to map labels"
}

var shares = map[string]int{}

// Shares hands the map on: another name may hold it.
func Shares() map[string]int { return shares }

// SetShare is called by main after the goroutines that never name shares:
// one of them may still reach it under another name.
func SetShare(name string, n int) {
	shares[name] = n // want "concurrent write to map shares"
}

func handle(w http.ResponseWriter, r *http.Request) {
	k := r.URL.Path
	fmt.Fprintln(w, handlers[k], flags[k], hooks[k], tiers[k], pages[k], drafts[k])
	fmt.Fprintln(w, notes[k], labels[k], shares[k])
}

// Serve serves the tables; its handlers run on goroutines of the server.
func Serve(addr string) error {
	http.HandleFunc("/", handle)
	return http.ListenAndServe(addr, nil)
}
