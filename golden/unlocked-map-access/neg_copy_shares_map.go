package p

import (
	"maps"
	"sync"
)

type Settings struct {
	Name     string
	Metadata map[string]string
}

// Clone copies the metadata too.
func (c Settings) Clone() Settings {
	c.Metadata = maps.Clone(c.Metadata)
	return c
}

type Stream struct {
	mu    sync.RWMutex
	cfg   Settings
	stats Settings // no lock guards it
}

func (s *Stream) Meta(k string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cfg.Metadata[k]
}

func (s *Stream) Stats(k string) string {
	return s.stats.Metadata[k]
}

func mark(cfg *Settings) {
	cfg.Metadata["level"] = "1"
}

// Cloned replaces the copy's map before writing it.
func Cloned(st *Stream) Settings {
	st.mu.RLock()
	ncfg := st.cfg
	ncfg.Metadata = maps.Clone(ncfg.Metadata)
	st.mu.RUnlock()
	mark(&ncfg)
	ncfg.Metadata["x"] = "y"
	return ncfg
}

// Fresh gives the copy a map of its own.
func Fresh(st *Stream) Settings {
	ncfg := st.cfg
	ncfg.Metadata = make(map[string]string)
	ncfg.Metadata["x"] = "y"
	return ncfg
}

// Locked writes under the owner's lock.
func Locked(st *Stream) {
	st.mu.Lock()
	defer st.mu.Unlock()
	ncfg := st.cfg
	mark(&ncfg)
	st.cfg = ncfg
}

// Deep copies the maps with Clone.
func Deep(st *Stream) Settings {
	st.mu.RLock()
	ncfg := st.cfg.Clone()
	st.mu.RUnlock()
	mark(&ncfg)
	return ncfg
}

// Unguarded copies a field no lock guards.
func Unguarded(st *Stream) Settings {
	ncfg := st.stats
	mark(&ncfg)
	return ncfg
}

// restamp runs with s.mu held by its callers (Stamp): the copy's map is
// written under the lock.
func (s *Stream) restamp() {
	ncfg := s.cfg
	mark(&ncfg)
	s.cfg = ncfg
}

func (s *Stream) Stamp() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.restamp()
}
