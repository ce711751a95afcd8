package p

import "testing"

// Parallel subtests run at the same time as each other: the shared map is
// written from several goroutines.
func TestNames(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range []string{"a", "b", "c"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			seen[name] = true // want "concurrent write to map seen: shared with goroutines without a lock"
		})
	}
}
