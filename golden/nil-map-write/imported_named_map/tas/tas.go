// Package tas sums requests with the named map type of package res.
package tas

import "example.com/importednamed/res"

// Usage writes into a never-made map of a named type of another package.
func Usage(names []string) res.Requests {
	var usage res.Requests
	for _, n := range names {
		usage[n]++ // want `write to nil map usage: usage is nil when declared with var`
	}
	return usage
}

// Total makes the map first.
func Total(names []string) res.Requests {
	total := res.Requests{}
	for _, n := range names {
		total[n]++
	}
	return total
}

// Lazy makes it when nil.
func Lazy(names []string) res.Requests {
	var lazy res.Requests
	for _, n := range names {
		if lazy == nil {
			lazy = make(res.Requests)
		}
		lazy[n]++
	}
	return lazy
}

// Slots writes into a slice of a named type of another package: no map.
func Slots(n int) res.Counts {
	var counts res.Counts
	if n > 0 {
		counts = make(res.Counts, n)
		counts[0] = 1
	}
	return counts
}

// Name sets a field of a struct of another package.
func Name() res.Flavor {
	var f res.Flavor
	f.Name = "x"
	return f
}
