// gofixmap:strategy syncmap
package p

import "sync"

type Tokens struct {
	mu     sync.Mutex
	byUser map[string]string
}

func (t *Tokens) Issue(user, token string) {
	t.mu.Lock()
	t.byUser[user] = token
	t.mu.Unlock()
}

func (t *Tokens) Revoke(user string) {
	delete(t.byUser, user) // want "write to map t.byUser without holding t.mu"
}
