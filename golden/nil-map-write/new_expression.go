//go:build go1.26

package golden

import "cmp"

// DefaultPort is the port used when none is configured.
const DefaultPort = 8080

type options struct {
	verbose bool
	port    int
}

func lookup() int { return 1 }

func identity[T any](x T) T { return x }

// settings fills a map declared with var, with values that Go 1.26's
// new(expr) makes: the first write panics.
func settings(port *int) map[string]any {
	var out map[string]any
	out["verbose"] = new(true) // want "write to nil map out"
	out["lookup"] = new(lookup())
	out["options"] = new(options{port: DefaultPort})
	out["generic"] = new(identity[int](3))
	out["port"] = cmp.Or(port, new(DefaultPort))
	out["sum"] = new(1 + lookup())
	return out
}
