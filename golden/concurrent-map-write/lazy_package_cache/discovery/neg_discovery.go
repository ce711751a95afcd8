package discovery

import "sync"

// Split the same way, but the package's init fills it before main starts.
var builtins = map[string]bool{}

func init() { _ = Builtin("v1") }

func Builtin(groupVersion string) bool {
	known, ok := builtins[groupVersion]
	if !ok {
		known = groupVersion == "v1"
		storeBuiltin(groupVersion, known)
	}
	return known
}

func storeBuiltin(groupVersion string, known bool) { builtins[groupVersion] = known }

// Split the same way, under a package mutex held around the look and the store.
var (
	preferredMu sync.Mutex
	preferred   = map[string]string{}
)

func Preferred(group string) string {
	preferredMu.Lock()
	defer preferredMu.Unlock()
	version, ok := preferred[group]
	if !ok {
		version = "v1"
		storePreferred(group, version)
	}
	return version
}

func storePreferred(group, version string) { preferred[group] = version }

// A store that no look precedes: the caller writes what it is handed
// (registration), not a cache filled on a miss.
var aliases = map[string]string{}

func Alias(short, long string) { storeAlias(short, long) }

func storeAlias(short, long string) { aliases[short] = long }

func Expand(short string) string { return aliases[short] }
