package registry

import "sync"

// Digest has every method of hash.Hash (Write by its embedded io.Writer):
// handed out as an io.Writer, hash code may assert it to hash.Hash and
// call Size, which no code of the module calls.
type Digest struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (d *Digest) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.seen[string(p)] = true
	return len(p), nil
}

func (d *Digest) Sum(b []byte) []byte { return b }

func (d *Digest) Reset() {}

func (d *Digest) Size() int {
	return len(d.seen) // want "read of map d.seen without holding d.mu"
}

func (d *Digest) BlockSize() int { return 1 }
