package main

import (
	"fmt"
	"log"
	"os"
	"text/template"
	"time"

	"example.com/unrelated/features"
	"example.com/unrelated/stats"
)

func tick() { log.Println("tick") }

func main() {
	// goroutines that never reach the tables of features
	go stats.Loop(time.Minute)
	go func() {
		for range time.Tick(time.Hour) {
			log.Println("still here")
		}
	}()
	go stats.Every(time.Second, tick)
	// text/template's Parse, a method of a value of another module's type,
	// not the Parse of features, which starts a goroutine reading pages
	t, err := template.New("x").Funcs(template.FuncMap{}).Parse("{{.}}")
	if err == nil {
		_ = t.Execute(os.Stdout, 1)
	}
	features.Register()
	features.Page("index", "hello")
	features.SetShare("s", 1)

	// goroutines that reach one table each, then writes to it

	// a local func literal the goroutine runs: its body reads notes
	show := func() { log.Println(features.Note("n")) }
	go show()
	features.SetNote("n", "text")
	// a method of an interface of another package, which a type of
	// features implements (String reads labels)
	var s fmt.Stringer = features.Label("l")
	go func() { log.Println(s.String()) }()
	features.SetLabel("l", "text")
	go func() {
		for range time.Tick(time.Second) {
			log.Println(features.Enabled("x"))
		}
	}()
	features.Flag("x")
	// a function value passed on, which the callee runs
	go stats.Repeat(time.Second, features.Refresh)
	features.Tier("z", 1)
	// the Parse of features, on a value of its type
	go func() {
		_, _ = (&features.Doc{}).Parse("draft")
	}()
	features.Draft("d", "body")
	// a goroutine that calls function values of unknown origin
	var run []func()
	go func() {
		for _, f := range run {
			f()
		}
	}()
	features.Hook("y")
	log.Fatal(features.Serve(":8080"))
}
