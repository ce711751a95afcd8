package p

import "fmt"

// Schedule records each job and starts a goroutine that creates it; those
// goroutines never touch the jobs map. Start then starts the watcher that
// reads it. A call of Schedule is a start only of goroutines that do not
// reach the map, so the second Schedule's write still happens before the
// watcher starts. The Queue's Add starts goroutines that do read its
// map (stop on error), so its second call writes while they run.
type Manager struct {
	jobs   map[string]int
	events chan string
}

func NewManager() *Manager {
	return &Manager{jobs: map[string]int{}, events: make(chan string)}
}

func (m *Manager) Schedule(name string, n int) {
	m.jobs[name] = n
	go create(name)
}

func (m *Manager) Start() {
	go m.watch()
}

func (m *Manager) watch() {
	for name := range m.events {
		fmt.Println(name, m.jobs[name])
	}
}

func create(name string) {
	fmt.Println("create", name)
}

func RunJobs() {
	m := NewManager()
	m.Schedule("a", 1)
	m.Schedule("b", 2)
	m.Start()
}

type Queue struct {
	jobs   map[string]int
	events chan string
}

func NewQueue() *Queue {
	return &Queue{jobs: map[string]int{}, events: make(chan string)}
}

func (q *Queue) Add(name string, n int) {
	q.jobs[name] = n // want "concurrent write to map q.jobs"
	go func() {
		if n < 0 {
			q.stop()
		}
	}()
}

func (q *Queue) stop() {
	for name := range q.jobs {
		fmt.Println("stop", name)
	}
}

func (q *Queue) Begin() {
	go q.watch()
}

func (q *Queue) watch() {
	for name := range q.events {
		fmt.Println(name, q.jobs[name])
	}
}

func RunQueue() {
	q := NewQueue()
	q.Add("a", 1)
	q.Add("b", -1)
	q.Begin()
}
