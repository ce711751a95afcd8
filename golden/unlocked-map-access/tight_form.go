package p

import (
	"fmt"
	"sync"
)

type Jobs struct {
	mu      sync.Mutex
	running map[int]bool
}

func (j *Jobs) Start(id int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.running[id] = true
}

func (j *Jobs) Finish(id int) {
	fmt.Println("finishing", id)
	j.running[id] = false // want "write to map j.running without holding j.mu"
	delete(j.running, id) // want "write to map j.running without holding j.mu"
	fmt.Println("finished", id)
}
