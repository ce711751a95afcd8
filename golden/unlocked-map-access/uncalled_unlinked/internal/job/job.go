package job

import "example.com/unlinked/internal/redact"

type chunk struct {
	Length int
	Width  int
}

func Run(r *redact.Redactor) {
	r.Add("job")
}

func size(c *chunk) int {
	return c.Length
}

func pick() *chunk { return &chunk{} }

func width() int {
	w := pick()
	return w.Width + size(w)
}

var _ = width
