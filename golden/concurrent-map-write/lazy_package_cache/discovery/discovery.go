// Package discovery caches what the API server serves per group version: a
// look-up function reads the package map and hands a miss to a store
// function, which writes it. Split over two functions, the fill still runs
// on whatever goroutine calls first.
package discovery

import "strings"

var resourcesCache map[string][]string

// Available reports whether the group version serves the kind.
func Available(groupVersion, kind string) bool {
	for _, r := range Resources(groupVersion) {
		if r == kind {
			return true
		}
	}
	return false
}

// Resources answers from the cache, else discovers and stores the result.
func Resources(groupVersion string) []string {
	resources, ok := resourcesCache[groupVersion]
	if !ok {
		resources = strings.Split(groupVersion, "/")
		SetResources(groupVersion, resources)
	}
	return resources
}

// SetResources stores the resources of a group version (exported for tests).
func SetResources(groupVersion string, resources []string) {
	if resourcesCache == nil {
		resourcesCache = make(map[string][]string)
	}
	resourcesCache[groupVersion] = resources // want "concurrent write to map resourcesCache: Available fills this package-level cache on first use without a lock, and other packages of the module call it from their goroutines"
}
