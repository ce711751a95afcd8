// Package zones finds the zone of a name and remembers it: the cache is a
// package variable, one for every goroutine of the program.
package zones

import "strings"

var fqdnToZone = map[string]string{}

// FindZone answers from the cache, else works the zone out and caches it.
func FindZone(fqdn string) string {
	if zone, ok := fqdnToZone[fqdn]; ok {
		return zone
	}
	zone := fqdn[strings.Index(fqdn, ".")+1:]
	fqdnToZone[fqdn] = zone // want "concurrent write to map fqdnToZone: FindZone fills this package-level cache on first use without a lock, and other packages of the module call it from their goroutines"
	return zone
}
