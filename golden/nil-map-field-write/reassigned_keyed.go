package p

// One constructor omits the map, the other takes it from its options,
// where it may be nil: the guard is the fix, the literal only an unsafe
// alternative.

type Options struct {
	Labels map[string]string
}

type Tagger struct {
	labels map[string]string
}

func NewTagger() *Tagger {
	return &Tagger{}
}

func NewTaggerFrom(o Options) *Tagger {
	return &Tagger{labels: o.Labels}
}

func (t *Tagger) Tag(k, v string) {
	t.labels[k] = v // want "write to nil map field t.labels: the Tagger literal in NewTagger omits labels"
}
