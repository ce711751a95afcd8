package meta

// Meta holds labels, embedded in every object.
type Meta struct {
	labels map[string]string
}

// Pod embeds Meta.
type Pod struct {
	Meta
	image string
}

// NewPod leaves the embedded Meta zero.
func NewPod(image string) *Pod {
	return &Pod{image: image}
}

// Label writes the promoted field.
func (p *Pod) Label(k, v string) {
	p.labels[k] = v // want "write to nil map field p.labels"
}
