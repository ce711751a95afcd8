package job

import "example.com/unlinked/internal/redact"

type chunk struct {
	Length int
	Width  int
	Depth  int
}

func Run(r *redact.Redactor) {
	r.Add("job")
}

func size(c *chunk) int {
	return c.Length
}

func pick() []*chunk { return []*chunk{{}} }

func width() int {
	w := pick()[0]
	return w.Width + size(w)
}

func first() *chunk { return &chunk{} }

// first's result is a *chunk: c.Depth selects its field.
func depth() int {
	c := first()
	return c.Depth
}

var _, _ = width, depth
