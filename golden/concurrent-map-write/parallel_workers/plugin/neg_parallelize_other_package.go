package plugin

import (
	"context"

	workqueue "example.com/parallel/queue"
)

type entry struct{ Name string }

// A function named ParallelizeUntil of another package than client-go's
// workqueue: nothing says it runs the literal concurrently.
func serialNamed(entries []*entry) map[string]int {
	counts := make(map[string]int)
	workqueue.ParallelizeUntil(context.TODO(), 1, len(entries), func(i int) {
		counts[entries[i].Name] = i
	})
	return counts
}
