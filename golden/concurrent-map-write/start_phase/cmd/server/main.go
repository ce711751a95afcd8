package main

import (
	"flag"
	"log"
	"net/http"

	_ "example.com/startphase/plugins/a"
	_ "example.com/startphase/plugins/b"
	"example.com/startphase/registry"
)

func init() {
	registry.Extra("version", "1")
}

func addExtra(w http.ResponseWriter, r *http.Request) {
	registry.Extra(r.URL.Query().Get("k"), r.URL.Query().Get("v"))
}

func run(addr string) error {
	registry.Route("/", "index")
	registry.Route("/health", "ok")
	http.HandleFunc("/extra", addExtra)
	return registry.Serve(addr)
}

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	if err := run(*addr); err != nil {
		log.Fatal(err)
	}
}
