//go:build go1.26

package golden

func count() int { return 2 }

// made is made before new(expr) values go in: no finding.
func made() map[string]*int {
	out := make(map[string]*int)
	out["a"] = new(count())
	out["b"] = new(3)
	return out
}
