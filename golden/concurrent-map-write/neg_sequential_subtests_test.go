package p

import "testing"

// Subtests without t.Parallel run one after the other on the test's
// goroutine: the shared map is never written concurrently.
func TestSequential(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range []string{"a", "b", "c"} {
		t.Run(name, func(t *testing.T) {
			seen[name] = true
		})
	}
	if len(seen) != 3 {
		t.Fatal(seen)
	}
}
