package p

import "sync"

type Counter struct {
	name string
	hits map[string]int // per key
}

func NewCounter() *Counter { return &Counter{hits: map[string]int{}} }

func (c *Counter) Hit(k string) { c.hits[k]++ } // want "concurrent write to map c.hits: Hit runs on several goroutines"

func (c *Counter) Get(k string) int {
	return c.hits[k]
}

func (c *Counter) Reset(k string) {
	println("reset", c.name)
	delete(c.hits, k) // want "concurrent write to map c.hits"
	println("done")
}

func hammer(c *Counter) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Hit("a")
		}()
	}
	wg.Wait()
}
