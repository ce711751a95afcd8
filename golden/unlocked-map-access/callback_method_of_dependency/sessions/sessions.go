// Package sessions keeps user sessions loaded from a store.
package sessions

import (
	"errors"
	"sync"

	"example.com/callbackmethod/store"
)

// Storage is loaded by its constructor (a named result), through a handler
// that bkt.ForEach calls before it returns: nothing else has the value yet.
type Storage struct {
	mu       *sync.Mutex
	sessions map[string]string
}

// NewStorage loads the sessions of tx.
func NewStorage(tx *store.Tx) (s *Storage, err error) {
	s = &Storage{mu: &sync.Mutex{}, sessions: map[string]string{}}
	err = s.loadSessions(tx)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Storage) loadSessions(tx *store.Tx) error {
	if err := s.processSessions(tx.Bucket([]byte("sessions"))); err != nil {
		return err
	}
	if len(s.sessions) == 0 {
		return errors.New("no sessions")
	}
	return nil
}

func (s *Storage) processSessions(bkt *store.Bucket) error {
	return bkt.ForEach(s.sessionHandler())
}

func (s *Storage) sessionHandler() func(k, v []byte) error {
	return func(k, v []byte) error {
		s.sessions[string(k)] = string(v)
		return nil
	}
}

// Get reads a session under the lock.
func (s *Storage) Get(k string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[k]
}

// Put writes a session under the lock.
func (s *Storage) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[k] = v
}

// Watched hands its handler to OnWrite, which keeps it and calls it on a
// later write, on whichever goroutine writes.
type Watched struct {
	mu       *sync.Mutex
	sessions map[string]string
}

// NewWatched registers the handler of a new value.
func NewWatched(bkt *store.Bucket) (w *Watched) {
	w = &Watched{mu: &sync.Mutex{}, sessions: map[string]string{}}
	w.watchWrites(bkt)
	return w
}

func (w *Watched) watchWrites(bkt *store.Bucket) {
	bkt.OnWrite(w.writeHandler())
}

func (w *Watched) writeHandler() func(k, v []byte) {
	return func(k, v []byte) {
		w.sessions[string(k)] = string(v) // want "write to map w.sessions without holding w.mu"
	}
}

// Get reads a session under the lock.
func (w *Watched) Get(k string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.sessions[k]
}

// Kept keeps its handler in a local before it hands it on: the handler may
// be called from anywhere the local goes.
type Kept struct {
	mu       *sync.Mutex
	sessions map[string]string
}

// NewKept loads a new value.
func NewKept(bkt *store.Bucket) (k *Kept, err error) {
	k = &Kept{mu: &sync.Mutex{}, sessions: map[string]string{}}
	err = k.loadKept(bkt)
	return k, err
}

func (k *Kept) loadKept(bkt *store.Bucket) error {
	fn := k.keptHandler()
	return bkt.ForEach(fn)
}

func (k *Kept) keptHandler() func(key, v []byte) error {
	return func(key, v []byte) error {
		k.sessions[string(key)] = string(v) // want "write to map k.sessions without holding k.mu"
		return nil
	}
}

// Get reads a session under the lock.
func (k *Kept) Get(key string) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.sessions[key]
}
