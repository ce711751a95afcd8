package plugin

import (
	"context"

	"k8s.io/client-go/util/workqueue"
)

// predicateNodes runs the predicate for every node on 16 workers at once.
func predicateNodes(nodes []*node, predicate func(n *node) error) []*node {
	fit := make([]bool, len(nodes))
	workqueue.ParallelizeUntil(context.TODO(), 16, len(nodes), func(i int) {
		fit[i] = predicate(nodes[i]) == nil
	})
	var out []*node
	for i, ok := range fit {
		if ok {
			out = append(out, nodes[i])
		}
	}
	return out
}

type numaPlugin struct {
	assigned map[string]string
}

func newNumaPlugin() *numaPlugin {
	return &numaPlugin{assigned: map[string]string{}}
}

func (pp *numaPlugin) predicate(n *node) error {
	pp.assigned[n.Name] = "fit" // want "concurrent write to map pp.assigned"
	return nil
}

// The plugin's predicate, handed to the helper, runs for many nodes at once.
func (pp *numaPlugin) filter(nodes []*node) []*node {
	return predicateNodes(nodes, pp.predicate)
}
