package p

// One registration's handlers run one at a time, on one goroutine: a map
// only they touch is not shared.
type ResourceEventHandlerFuncs struct {
	AddFunc    func(obj any)
	DeleteFunc func(obj any)
}

type Informer struct{}

func (i *Informer) AddEventHandler(h ResourceEventHandlerFuncs) {}

func Watch(inf *Informer) {
	known := map[any]bool{}
	inf.AddEventHandler(ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			known[obj] = true
		},
		DeleteFunc: func(obj any) {
			delete(known, obj)
		},
	})
}

var seen = map[any]int{}

func Count(inf *Informer) {
	inf.AddEventHandler(ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			seen[obj]++
		},
		DeleteFunc: func(obj any) {
			delete(seen, obj)
		},
	})
}
