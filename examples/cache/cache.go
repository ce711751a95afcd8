// Package cache keeps the operator's view of watched objects, grouped the way
// its controllers look them up.
package cache

import (
	"sort"
	"time"
)

// Labels is a set of Kubernetes labels.
type Labels map[string]string

// Object is the slice of object metadata the cache keeps.
type Object struct {
	Namespace string
	Name      string
	Labels    Labels
}

// GroupByNamespace returns the names of objs grouped by namespace, each group
// sorted.
func GroupByNamespace(objs []Object) map[string][]string {
	var byNamespace map[string][]string
	for _, o := range objs {
		byNamespace[o.Namespace] = append(byNamespace[o.Namespace], o.Name)
	}
	for _, names := range byNamespace {
		sort.Strings(names)
	}
	return byNamespace
}

// Selector returns the labels that select the pods of app.
func Selector(app string) Labels {
	var l Labels
	l["app.kubernetes.io/name"] = app
	return l
}

// resyncPeriods holds per-kind resync periods set by SetResync.
var resyncPeriods map[string]time.Duration

// SetResync overrides the resync period of kind.
func SetResync(kind string, d time.Duration) {
	resyncPeriods[kind] = d
}

// Resync returns the resync period of kind, or def when none was set. Reading
// a nil map is legal.
func Resync(kind string, def time.Duration) time.Duration {
	if d, ok := resyncPeriods[kind]; ok {
		return d
	}
	return def
}

// Matches reports whether l carries every label of sel. Ranging over and
// indexing a nil map is legal: correct, must not be reported.
func Matches(l, sel Labels) bool {
	for k, v := range sel {
		if got, ok := l[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// Merge returns a new label set holding base overlaid with extra. The map is
// made before it is written: correct, must not be reported.
func Merge(base, extra Labels) Labels {
	out := make(Labels, len(base)+len(extra))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

// Without returns l minus key. delete on a nil map is a no-op: correct, must
// not be reported.
func Without(l Labels, key string) Labels {
	delete(l, key)
	return l
}

// CountByLabel counts objs per value of the label key. The map is made lazily
// behind a nil guard: correct, must not be reported.
func CountByLabel(objs []Object, key string) map[string]int {
	var counts map[string]int
	for _, o := range objs {
		v, ok := o.Labels[key]
		if !ok {
			continue
		}
		if counts == nil {
			counts = make(map[string]int)
		}
		counts[v]++
	}
	return counts
}
