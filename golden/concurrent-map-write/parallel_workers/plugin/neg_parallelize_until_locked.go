package plugin

import (
	"context"
	"sync"

	"k8s.io/client-go/util/workqueue"
)

type item struct{ Name string }

// The workers lock around the write; the caller's accesses come after
// ParallelizeUntil returns, when every piece is done.
func lockedCounts(items []*item) map[string]int {
	counts := make(map[string]int)
	var mu sync.Mutex
	workqueue.ParallelizeUntil(context.TODO(), 16, len(items), func(i int) {
		mu.Lock()
		defer mu.Unlock()
		counts[items[i].Name] = i
	})
	counts["total"] = len(items)
	return counts
}

// The workers only read the map; the caller writes it after the call.
func readOnly(items []*item, seen map[string]int) []int {
	out := make([]int, len(items))
	workqueue.ParallelizeUntil(context.TODO(), 16, len(items), func(i int) {
		out[i] = seen[items[i].Name]
	})
	seen["done"] = 1
	return out
}

// The same loop without the parallel runner: one goroutine.
func serialCounts(items []*item) map[string]int {
	counts := make(map[string]int)
	for i := range items {
		counts[items[i].Name] = i
	}
	return counts
}
