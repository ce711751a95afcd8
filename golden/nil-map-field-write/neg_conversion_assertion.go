package sinks

import "io"

// Flusher is implemented by the sink.
type Flusher interface {
	io.Writer
	Flush() error
}

// The literals are converted to interface types and assigned to the blank
// identifier: compile-time checks that the type implements them. A
// conversion keeps nothing, so the literals are never written through.
// io.Writer is a type: the package also writes it where only a type can
// stand (NewSink's result).
var (
	_ = Flusher(&countingSink{})
	_ = io.Writer(&countingSink{})
	_ = io.Writer(Flusher(&countingSink{}))
)

type countingSink struct {
	counts map[string]int
}

// NewSink makes the map: the only real construction path.
func NewSink() io.Writer {
	return &countingSink{counts: make(map[string]int)}
}

func (s *countingSink) Write(p []byte) (int, error) {
	s.counts[string(p)]++
	return len(p), nil
}

func (s *countingSink) Flush() error { return nil }
