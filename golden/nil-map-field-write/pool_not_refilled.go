// One Get uses the pooled value as New built it: the map is nil there.

package p

import "sync"

type printer struct {
	buf   []byte
	sizes map[string]int
}

var printerPool = sync.Pool{
	New: func() any {
		return &printer{buf: make([]byte, 0, 64)}
	},
}

func newPrinter() *printer {
	p := printerPool.Get().(*printer)
	*p = printer{buf: p.buf[:0], sizes: make(map[string]int)}
	return p
}

func quickPrinter() *printer {
	p := printerPool.Get().(*printer)
	p.buf = p.buf[:0]
	return p
}

func (p *printer) free() { printerPool.Put(p) }

func (p *printer) size(s string) int {
	if n, ok := p.sizes[s]; ok {
		return n
	}
	p.sizes[s] = len(s) // want "write to nil map field p.sizes: a package-level printer literal omits sizes"
	return len(s)
}

func Size(s string) int {
	p := quickPrinter()
	defer p.free()
	return p.size(s)
}

func Size2(s string) int {
	p := newPrinter()
	defer p.free()
	return p.size(s)
}
