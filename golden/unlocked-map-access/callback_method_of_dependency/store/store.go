// Package store is a small key-value store whose buckets iterate their
// entries with callbacks.
package store

// Bucket holds entries.
type Bucket struct {
	keys    [][]byte
	vals    [][]byte
	onWrite func(k, v []byte)
}

// ForEach calls fn for each entry, before it returns.
func (b *Bucket) ForEach(fn func(k, v []byte) error) error {
	for i, k := range b.keys {
		if err := fn(k, b.vals[i]); err != nil {
			return err
		}
	}
	return nil
}

// OnWrite keeps fn, to be called on a later write.
func (b *Bucket) OnWrite(fn func(k, v []byte)) {
	b.onWrite = fn
}

// Tx is a transaction.
type Tx struct {
	root *Bucket
}

// Bucket returns the transaction's bucket.
func (tx *Tx) Bucket(name []byte) *Bucket {
	_ = name
	return tx.root
}

// ForEach calls fn for each entry of the root, through a literal.
func (tx *Tx) ForEach(fn func(k []byte, b *Bucket) error) error {
	return tx.root.ForEach(func(k, v []byte) error {
		return fn(k, tx.root)
	})
}
