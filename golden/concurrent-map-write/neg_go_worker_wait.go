package p

import "sync"

func fillOne(m map[string]int, wg *sync.WaitGroup) {
	defer wg.Done()
	m["one"] = 1
}

func one() int {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go fillOne(m, &wg)
	wg.Wait()
	m["two"] = 2
	return len(m)
}

func readOnly(m map[string]int) {
	_ = m["x"]
}

func reads() {
	m := map[string]int{"x": 1}
	go readOnly(m)
	go readOnly(m)
	_ = m["x"]
}
