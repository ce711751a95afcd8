package p

import "time"

// Informer event handlers run on the informer's goroutine while the
// package's own worker reads the map.
type ResourceEventHandlerFuncs struct {
	AddFunc    func(obj any)
	DeleteFunc func(obj any)
}

type Informer struct{}

func (i *Informer) AddEventHandler(h ResourceEventHandlerFuncs) {}

var known = map[any]bool{}

func Watch(inf *Informer) {
	inf.AddEventHandler(ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			known[obj] = true // want "concurrent write to map known"
		},
		DeleteFunc: func(obj any) {
			delete(known, obj) // want "concurrent write to map known"
		},
	})
	go func() {
		for range time.Tick(time.Second) {
			_ = len(known)
		}
	}()
}
