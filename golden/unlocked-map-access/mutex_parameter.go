package p

import "sync"

type Status struct {
	Nodes map[string]int
}

type Workflow struct {
	Status Status
}

type Op struct {
	mu sync.Mutex
	wf *Workflow
}

// assess hands one mutex to a goroutine per item: the mutex guards the
// nodes map for all of them.
func (o *Op) assess(ids []string) {
	lock := &sync.RWMutex{}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			lock.Lock()
			o.wf.Status.Nodes[id]++
			lock.Unlock()
			o.apply(id, lock)
		}(id)
	}
	wg.Wait()
}

// apply reads the nodes without the lock it is handed, which fail holds
// around them: reported.
func (o *Op) apply(id string, nodesLock *sync.RWMutex) {
	n, ok := o.wf.Status.Nodes[id] // want "read of map o.wf.Status.Nodes without holding nodesLock: fail locks it"
	if !ok || n > 3 {
		return
	}
	o.fail(id, nodesLock)
}

func (o *Op) fail(id string, nodesLock *sync.RWMutex) {
	nodesLock.Lock()
	defer nodesLock.Unlock()
	n := o.wf.Status.Nodes[id]
	o.wf.Status.Nodes[id] = n + 1
}

// applyLocked reads under the read lock: silent.
func (o *Op) applyLocked(id string, nodesLock *sync.RWMutex) {
	nodesLock.RLock()
	n := o.wf.Status.Nodes[id]
	nodesLock.RUnlock()
	if n > 3 {
		o.fail(id, nodesLock)
	}
}

// writeUnderRead writes under the read lock only, which every reader
// holds at once: reported.
func (o *Op) writeUnderRead(id string, nodesLock *sync.RWMutex) {
	nodesLock.RLock()
	o.wf.Status.Nodes[id] = 0 // want "write to map o.wf.Status.Nodes under only the read lock of nodesLock: fail locks it"
	nodesLock.RUnlock()
	o.fail(id, nodesLock)
}

// upgrade reads under the read lock, then writes under the write lock
// taken after RUnlock: silent.
func (o *Op) upgrade(id string, nodesLock *sync.RWMutex) {
	nodesLock.RLock()
	_, ok := o.wf.Status.Nodes[id]
	nodesLock.RUnlock()
	if ok {
		return
	}
	nodesLock.Lock()
	o.wf.Status.Nodes[id] = 1
	nodesLock.Unlock()
}

// secondMutex writes under another write lock, whose relation to the
// handed mutex is not known here: silent.
func (o *Op) secondMutex(id string, nodesLock *sync.RWMutex) {
	o.mu.Lock()
	o.wf.Status.Nodes[id] = 2
	o.mu.Unlock()
	o.fail(id, nodesLock)
}

// other reads a map the mutex is never held around: silent.
func (o *Op) other(id string, seen map[string]bool, nodesLock *sync.RWMutex) bool {
	o.fail(id, nodesLock)
	return seen[id]
}

// readOnly reads a map that its callee only reads (under RLock): nothing
// says the mutex guards writes of it: silent.
func (o *Op) readOnly(id string, nodesLock *sync.RWMutex) int {
	if o.peek(id, nodesLock) {
		return 0
	}
	return o.wf.Status.Nodes[id]
}

func (o *Op) peek(id string, nodesLock *sync.RWMutex) bool {
	nodesLock.RLock()
	defer nodesLock.RUnlock()
	return o.wf.Status.Nodes[id] > 0
}

// notAMap: the mutex guards a slice, no map: silent.
type Queue struct {
	items []int
}

func (q *Queue) first(mu *sync.Mutex) int {
	q.push(mu)
	return q.items[0]
}

func (q *Queue) push(mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
	q.items[0] = 1
}

// byParam: a function of the package handed the map's owner and the mutex
// (the callee writes under it): reported.
func byParam(w *Workflow, id string, mu *sync.Mutex) {
	if w.Status.Nodes[id] > 0 { // want "read of map w.Status.Nodes without holding mu: bump locks it"
		return
	}
	bump(w, id, mu)
}

func bump(w *Workflow, id string, mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
	w.Status.Nodes[id]++
}

// otherValue: the callee is handed another workflow: silent.
func otherValue(w, x *Workflow, id string, mu *sync.Mutex) int {
	bump(x, id, mu)
	return w.Status.Nodes[id]
}

// shadowed: the name is a local here, not the parameter: silent.
func shadowed(w *Workflow, id string, mu *sync.Mutex) int {
	bump(w, id, mu)
	{
		w := &Workflow{Status: Status{Nodes: map[string]int{}}}
		return w.Status.Nodes[id]
	}
}
