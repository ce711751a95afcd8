package gvrs

import "sync"

// The same named map type, filled only by the package's init: every later
// call reads.
var builtins = gvrCache{}

func init() {
	for _, s := range []string{"v1/pods", "v1/nodes"} {
		g := &GVR{resource: s}
		if builtins.get(s) == nil {
			builtins.add(g)
		}
	}
}

func Builtin(s string) *GVR { return builtins.get(s) }

// The same named map type, under a package mutex around the look and the fill.
var (
	aliasMu sync.Mutex
	aliases = make(gvrCache, 8)
)

func Alias(s string) *GVR {
	aliasMu.Lock()
	defer aliasMu.Unlock()
	if cached := aliases.get(s); cached != nil {
		return cached
	}
	g := &GVR{resource: s}
	aliases.add(g)
	return g
}

// A sync.Map: safe for concurrent use.
var parsed sync.Map

func Parsed(s string) *GVR {
	if g, ok := parsed.Load(s); ok {
		return g.(*GVR)
	}
	g := &GVR{resource: s}
	parsed.Store(s, g)
	return g
}
