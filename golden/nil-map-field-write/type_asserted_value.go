package p

import "sync"

type printer struct {
	sizes map[string]int
	depth int
}

var printers = sync.Pool{New: func() any { return new(printer) }}

// The value comes from a type assertion; the refill literal leaves sizes nil.
func measure(k string) {
	p := printers.Get().(*printer)
	*p = printer{depth: 1}
	p.sizes[k]++ // want "write to nil map field p.sizes: the printer literal in measure omits sizes"
	printers.Put(p)
}
