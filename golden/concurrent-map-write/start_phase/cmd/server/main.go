package main

import (
	"flag"
	"log"
	"net/http"
	"strings"

	"example.com/startphase/hooks"
	_ "example.com/startphase/plugins/a"
	_ "example.com/startphase/plugins/b"
	"example.com/startphase/registry"
	_ "example.com/startphase/svc"
)

func init() {
	registry.Extra("version", "1")
}

func addExtra(w http.ResponseWriter, r *http.Request) {
	registry.Extra(r.URL.Query().Get("k"), r.URL.Query().Get("v"))
}

type config struct{ addr string }

// prepare starts nothing (watch's unexported prepare is another method).
func (c *config) prepare() {
	c.addr = strings.TrimSpace(c.addr)
}

func run(addr string) error {
	c := &config{addr: addr}
	c.prepare()
	// strings' Replacer, not watch.Watcher's Replace
	c.addr = strings.NewReplacer("localhost", "127.0.0.1").Replace(c.addr)
	// the hook runs later, in a handler: Add only keeps it
	hooks.Add("/refresh", func() {
		go log.Println("refresh")
	})
	registry.Route("/", "index")
	registry.Route("/health", "ok")
	hooks.Watch()
	hooks.Name("late")
	go func() { log.Println(hooks.Serve(":8081")) }()
	http.HandleFunc("/extra", addExtra)
	return registry.Serve(c.addr)
}

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	if err := run(*addr); err != nil {
		log.Fatal(err)
	}
}
