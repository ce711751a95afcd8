package p

import "sync"

// The writing method is a one-line function aligned by gofmt with a
// neighbour that the fix would leave on one line: expanding only one of
// them would leave the file not gofmt-clean, so the fix declines.
type counter struct {
	seen map[string]int
}

func (c *counter) mark(k string) { c.seen[k]++ } // want "concurrent write to map c.seen"
func (c *counter) kind() string  { return "counter" }

func Count(c *counter, keys <-chan string, workers int) {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range keys {
				c.mark(k)
			}
		}()
	}
	wg.Wait()
}

func newCounter() *counter { return &counter{seen: map[string]int{}} }
