// Package names maps control ids to their names, built on first use.
package names

var controls = map[string][]string{
	"Privileged": {"privileged"},
	"Host Ports": {"hostPorts"},
}

var idToName = map[string]string{}

// NameOf builds the reverse table the first time it is asked.
func NameOf(id string) string {
	if len(idToName) == 0 {
		for name, ids := range controls {
			for _, i := range ids {
				idToName[i] = name // want "concurrent write to map idToName: NameOf fills this package-level cache on first use without a lock"
			}
		}
	}
	return idToName[id]
}

// Written, but never read first: a plain registry (setup), not a cache.
var aliases = map[string]string{}

func Alias(from, to string) {
	aliases[from] = to
}

func Resolve(name string) string { return aliases[name] }
