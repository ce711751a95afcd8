package main

import (
	"log"
	"net/http"

	"example.com/startstore/store"
)

func main() {
	s := store.New()
	s.Load([]string{"a", "b"})
	s.Put("c")
	http.Handle("/", s)
	http.HandleFunc("/put", func(w http.ResponseWriter, r *http.Request) {
		s.Put(r.URL.Path)
		s.Set(r.URL.Path, 1)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
