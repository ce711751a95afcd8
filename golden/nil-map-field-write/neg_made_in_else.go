package encoder

// Encoder builds its relocation map lazily.
type Encoder struct {
	Relocs   []string
	RelocMap map[string]int
}

// NewEncoder leaves RelocMap nil: Reloc makes it on first use.
func NewEncoder() *Encoder {
	return &Encoder{}
}

// Reloc looks the entry up when the map exists and makes it otherwise.
func (w *Encoder) Reloc(e string) int {
	if w.RelocMap != nil {
		if i, ok := w.RelocMap[e]; ok {
			return i
		}
	} else {
		w.RelocMap = make(map[string]int)
	}

	i := len(w.Relocs)
	w.RelocMap[e] = i
	w.Relocs = append(w.Relocs, e)
	return i
}
