package inbound

import "sync"

// udpWorker.get runs only from handle, which Start runs on a goroutine
// after it makes active. tcpWorker has a callback of its own: its calls
// are not udpWorker's.
type udpWorker struct {
	sync.Mutex
	packets chan int
	active  map[int]string
}

func newUDPWorker() *udpWorker {
	return &udpWorker{packets: make(chan int)}
}

func (w *udpWorker) get(id int) string {
	w.Lock()
	defer w.Unlock()
	if name, ok := w.active[id]; ok {
		return name
	}
	w.active[id] = "conn"
	return "conn"
}

func (w *udpWorker) callback(id int) {
	_ = w.get(id)
}

func (w *udpWorker) handle() {
	for id := range w.packets {
		w.callback(id)
	}
}

func (w *udpWorker) Start() {
	w.active = make(map[int]string)
	go w.handle()
}

type tcpWorker struct {
	conns chan int
	seen  map[int]bool
}

func newTCPWorker() *tcpWorker {
	return &tcpWorker{conns: make(chan int)}
}

func (w *tcpWorker) callback(id int) {
	w.seen[id] = true // want "write to nil map field w.seen: the tcpWorker literal in newTCPWorker omits seen"
}

// Near miss: tcpWorker's callback runs before anything makes seen.
func (w *tcpWorker) Start() {
	go func() {
		for id := range w.conns {
			go w.callback(id)
		}
	}()
	w.seen = make(map[int]bool)
}
