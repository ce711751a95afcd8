package p

import "testing"

// Parallel subtests wait until their parent test function returns, so the
// parent's writes after t.Run happen before any subtest reads the map.
func TestReadOnlySubtests(t *testing.T) {
	want := map[string]int{}
	for _, name := range []string{"a", "bb"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if want[name] != len(name) {
				t.Error(name)
			}
		})
		want[name] = len(name)
	}
}
