package plugin

import (
	"context"

	"k8s.io/client-go/util/workqueue"
)

type node struct{ Name string }

// workqueue.ParallelizeUntil runs the literal on up to 16 goroutines at
// once: the writes into the captured map race with each other.
func numaCounts(nodes []*node) map[string]int {
	counts := make(map[string]int)
	workqueue.ParallelizeUntil(context.TODO(), 16, len(nodes), func(i int) {
		counts[nodes[i].Name] = i // want "concurrent write to map counts"
	})
	return counts
}

type scorer struct {
	scores map[string]int
}

func newScorer() *scorer {
	return &scorer{scores: map[string]int{}}
}

// A method value handed to workqueue.Parallelize runs on its workers.
func (s *scorer) scoreAll(nodes []*node) {
	workqueue.Parallelize(4, len(nodes), s.scoreOne)
}

func (s *scorer) scoreOne(i int) {
	s.scores["last"] = i // want "concurrent write to map s.scores"
}
