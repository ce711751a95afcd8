// The entry method makes the maps; the write runs three unexported calls down.

package p

type parser struct {
	data    []byte
	strings map[int]string
}

func newParser(data []byte) *parser { return &parser{data: data} }

func Parse(data []byte) (int, error) {
	p := newParser(data)
	return p.parse()
}

func (p *parser) parse() (int, error) {
	p.strings = make(map[int]string)
	return p.batches()
}

func (p *parser) batches() (int, error) {
	n := 0
	for i := range p.data {
		if err := p.load(i); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (p *parser) load(i int) error {
	return p.readString(i)
}

func (p *parser) readString(i int) error {
	p.strings[i] = string(p.data[i:])
	return nil
}
