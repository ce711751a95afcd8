package main

import (
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
	go func() {
		// text/template's Parse, on a value of another module's type
		t, err := template.New("x").Funcs(template.FuncMap{}).Parse("{{.}}")
		if err == nil {
			_ = t.Execute(os.Stdout, 1)
		}
	}()
	features.Register()
	features.Page("index", "hello")

	// goroutines that reach a table, then writes to it
	go func() {
		for range time.Tick(time.Second) {
			log.Println(features.Enabled("x"))
		}
	}()
	features.Flag("x")
	var run []func()
	go func() {
		for _, f := range run {
			f()
		}
	}()
	features.Hook("y")
	go stats.Every(time.Second, features.Refresh)
	features.Tier("z", 1)
	go func() {
		_, _ = (&features.Doc{}).Parse("draft")
	}()
	features.Draft("d", "body")
	log.Fatal(features.Serve(":8080"))
}
