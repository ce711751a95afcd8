// Package gvrs parses resource names and caches every one it parsed in a
// package map of a named map type, whose methods read and write the map
// they are called on.
package gvrs

import "strings"

type GVR struct{ group, resource string }

func (g *GVR) String() string { return g.group + "/" + g.resource }

type gvrCache map[string]*GVR

func (c gvrCache) add(gvr *GVR) {
	if c.get(gvr.String()) == nil {
		c[gvr.String()] = gvr
	}
}

func (c gvrCache) get(s string) *GVR {
	if gvr, ok := c[s]; ok {
		return gvr
	}
	return nil
}

var gvrsCache = make(gvrCache)

// New parses s, or returns the GVR parsed before.
func New(s string) *GVR {
	group, resource, _ := strings.Cut(s, "/")
	gvr := GVR{group: group, resource: resource}
	if cached := gvrsCache.get(gvr.String()); cached != nil {
		return cached
	}
	gvrsCache.add(&gvr) // want "concurrent write to map gvrsCache: New fills this package-level cache on first use without a lock, and other packages of the module call it from their goroutines"
	return &gvr
}
