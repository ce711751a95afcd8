// Package status computes the conditions and phase counts that the operator
// writes back to a custom resource's status.
package status

import (
	"fmt"
	"sort"
	"strings"
)

// Item is one managed object as seen by the status writer.
type Item struct {
	Name  string
	Phase string
	Ready bool
}

// ReadyConditions reports, per item, whether it is ready.
func ReadyConditions(items []Item) map[string]bool {
	var conditions map[string]bool
	if len(items) > 3 {
		// Large batches are pre-sized; small ones forgot the make.
		conditions = make(map[string]bool, len(items))
	}
	for _, it := range items {
		conditions[it.Name] = it.Ready
	}
	return conditions
}

// summarize counts items per phase.
func summarize(items []Item) (counts map[string]int) {
	for _, it := range items {
		counts[it.Phase]++
	}
	return
}

// Summary renders the phase counts as "Phase=n" pairs in phase order, the way
// they appear in the resource's printer column.
func Summary(items []Item) string {
	counts := summarize(items)
	phases := make([]string, 0, len(counts))
	for p := range counts {
		phases = append(phases, p)
	}
	sort.Strings(phases)
	parts := make([]string, 0, len(phases))
	for _, p := range phases {
		parts = append(parts, fmt.Sprintf("%s=%d", p, counts[p]))
	}
	return strings.Join(parts, ",")
}

// NotReady lists the items whose condition is false. Reads, len and range on
// a possibly nil map are legal: correct, must not be reported.
func NotReady(conditions map[string]bool) []string {
	if len(conditions) == 0 {
		return nil
	}
	var names []string
	for name, ready := range conditions {
		if !ready {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Transitions returns the items whose readiness changed between two
// snapshots. The result is made before the loop: correct, must not be
// reported.
func Transitions(before, after map[string]bool) map[string]bool {
	changed := make(map[string]bool)
	for name, now := range after {
		if was, ok := before[name]; !ok || was != now {
			changed[name] = now
		}
	}
	return changed
}
