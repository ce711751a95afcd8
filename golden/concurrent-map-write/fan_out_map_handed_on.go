package p

import "sync"

type botanist struct{ name string }

func (b *botanist) config() map[string]string {
	return map[string]string{"server": b.name}
}

func (b *botanist) computeForWorker(cfg map[string]string, worker string) string {
	cfg["secretName"] = worker // want "concurrent write to map cfg: Compute starts goroutines in a loop that all pass cfg to computeForWorker, which writes it without a lock"
	return cfg["server"] + worker
}

// Every goroutine of the loop gets the one map config returned: the callee
// writes it on all of them at once.
func (b *botanist) Compute(workers []string) []string {
	cfg := b.config()
	results := make(chan string, len(workers))
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			results <- b.computeForWorker(cfg, w)
		}(w)
	}
	wg.Wait()
	close(results)
	var out []string
	for r := range results {
		out = append(out, r)
	}
	return out
}

func label(labels map[string]string, node string) {
	labels["node"] = node // want "concurrent write to map labels: LabelAll starts goroutines in a loop that all pass labels to label, which writes it without a lock"
}

func defaults() map[string]string {
	return map[string]string{}
}

// The go statement calls the writer itself.
func LabelAll(nodes []string) {
	labels := defaults()
	for _, n := range nodes {
		go label(labels, n)
	}
}

func annotate(notes map[string]string, node string) {
	if notes == nil {
		notes = map[string]string{}
	}
	notes["node"] = node // want "concurrent write to map notes: AnnotateAll starts goroutines in a loop that all pass notes to annotate, which writes it without a lock"
}

// The callee makes a map only when it is handed none: the caller's map is
// written.
func AnnotateAll(nodes []string) {
	notes := defaults()
	for _, n := range nodes {
		go annotate(notes, n)
	}
}
