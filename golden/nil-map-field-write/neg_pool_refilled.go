// The sync.Pool New literal omits the map, but every Get overwrites the whole
// value with a literal that sets it: the New value is never used as built.

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

func (p *printer) free() { printerPool.Put(p) }

func (p *printer) size(s string) int {
	if n, ok := p.sizes[s]; ok {
		return n
	}
	p.sizes[s] = len(s)
	return len(s)
}

func Size(s string) int {
	p := newPrinter()
	defer p.free()
	return p.size(s)
}
