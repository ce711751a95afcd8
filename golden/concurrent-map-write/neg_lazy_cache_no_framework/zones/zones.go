// Package zones remembers the zone of each name. The module is a
// command-line program on no framework that calls its code from goroutines
// of its own: its packages run where its own go statements put them, and
// none reaches this cache.
package zones

import "strings"

var fqdnToZone = map[string]string{}

func FindZone(fqdn string) string {
	if zone, ok := fqdnToZone[fqdn]; ok {
		return zone
	}
	zone := fqdn[strings.Index(fqdn, ".")+1:]
	fqdnToZone[fqdn] = zone
	return zone
}
