package p

import "sync"

type status struct {
	instances map[string]int
}

type chaos struct {
	status status
}

// Every goroutine of the loop gets the same *chaos and writes its map.
func applyAll(pods []string, c *chaos) {
	var wg sync.WaitGroup
	for i := range pods {
		pod := pods[i]
		wg.Go(func() {
			apply(pod, c)
		})
	}
	wg.Wait()
}

func apply(pod string, c *chaos) {
	c.status.instances[pod] = len(pod) // want "concurrent write to map c.status.instances: applyAll starts goroutines in a loop that all pass c to apply, which writes it without a lock"
}

func recoverAll(pods []string, c *chaos) {
	var wg sync.WaitGroup
	for _, pod := range pods {
		wg.Add(1)
		go func() {
			defer wg.Done()
			forget(c, pod)
		}()
	}
	wg.Wait()
}

func forget(c *chaos, pod string) {
	delete(c.status.instances, pod) // want "concurrent write to map c.status.instances: recoverAll starts goroutines in a loop that all pass c to forget, which writes it without a lock"
}
