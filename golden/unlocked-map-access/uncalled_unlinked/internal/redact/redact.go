package redact

import "sync"

type Redactor struct {
	mu      sync.Mutex
	needles map[string]bool
}

func New() *Redactor { return &Redactor{needles: map[string]bool{}} }

func (r *Redactor) Add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.needles[s] = true
}

// Size has no caller: the tests of package trie call a Size, but their
// test binary does not link this package, so no Redactor exists there;
// job's tests, which link it, call os.FileInfo's Size and read sha256.Size.
func (r *Redactor) Size() int {
	return len(r.needles)
}

// Count is called by the tests of package job, whose test binary links
// this package (job imports it).
func (r *Redactor) Count() int {
	return len(r.needles) // want "read of map r.needles without holding r.mu"
}

// Length has no caller: job's c.Length selects the field of its chunk, and
// its tests' chunk{Length: ...} names that field.
func (r *Redactor) Length() int {
	return len(r.needles)
}

// Width may be used: job's w.Width is on a value of a type not known (an
// element of a slice a function returns).
func (r *Redactor) Width() int {
	return len(r.needles) // want "read of map r.needles without holding r.mu"
}

// Depth has no caller: job's c.Depth selects the field of the *chunk that
// first returns.
func (r *Redactor) Depth() int {
	return len(r.needles)
}

// Len is called through the interface of package stats, which does not
// import this package, but the command links both and hands it a Redactor.
func (r *Redactor) Len() int {
	return len(r.needles) // want "read of map r.needles without holding r.mu"
}

// Summary is called by a template of job's tests, which names it.
func (r *Redactor) Summary() string {
	return string(rune('0' + len(r.needles))) // want "read of map r.needles without holding r.mu"
}
