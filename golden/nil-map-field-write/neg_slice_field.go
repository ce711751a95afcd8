package buffer

// Buffer has a slice field and a fixed array field, never maps.
type Buffer struct {
	items []string
	slots [4]int
	name  string
}

// NewBuffer makes the slice.
func NewBuffer() *Buffer {
	return &Buffer{items: make([]string, 8)}
}

// Set writes slice and array elements.
func (b *Buffer) Set(i int, s string) {
	b.items[i] = s
	b.slots[i%4]++
}
