// Package app serves requests and informer events; each request runs on its
// own goroutine, and the informers call their handlers from theirs.
package app

import (
	"fmt"
	"net/http"

	"k8s.io/client-go/tools/cache"

	"example.com/lazycache/discovery"
	"example.com/lazycache/gvrs"
	"example.com/lazycache/names"
	"example.com/lazycache/sources"
	"example.com/lazycache/zones"
)

func Register(mux *http.ServeMux) cache.ResourceEventHandlerFuncs {
	names.Alias("pss", "Pod Security Standards")
	mux.HandleFunc("/zone", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		fmt.Fprintln(w, zones.FindZone(name), zones.IsSuffix(name), zones.IsReserved(name), zones.Count(name))
		fmt.Fprintln(w, names.Resolve(name))
		fmt.Fprintln(w, discovery.Available(name, "Pod"), discovery.Builtin(name), discovery.Preferred(name))
		discovery.Alias(name, name)
		fmt.Fprintln(w, discovery.Expand(name), gvrs.New(name), gvrs.Builtin(name), gvrs.Alias(name), gvrs.Parsed(name))
		sources.RegisterLate(name, r.URL.Query().Get("help"))
		fmt.Fprintln(w, sources.Help(name), sources.LateHelp(name))
	})
	return cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj interface{}) { fmt.Println(names.NameOf(fmt.Sprint(obj))) },
	}
}
