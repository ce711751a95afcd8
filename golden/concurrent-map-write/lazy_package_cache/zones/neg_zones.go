package zones

import "sync"

// Filled under sync.Once: one goroutine fills, the others wait.
var (
	suffixOnce sync.Once
	suffixes   = map[string]bool{}
)

func IsSuffix(s string) bool {
	suffixOnce.Do(func() {
		if len(suffixes) == 0 {
			for _, x := range []string{"com", "org"} {
				suffixes[x] = true
			}
		}
	})
	return suffixes[s]
}

// Filled by the package's init, before main starts.
var reserved = map[string]bool{}

func init() { fillReserved() }

func fillReserved() {
	if len(reserved) == 0 {
		reserved["localhost"] = true
	}
}

func IsReserved(s string) bool { return reserved[s] }

// Filled lazily, but no other package of the module calls it (nor Chain),
// and nothing here runs it on goroutines: API for other modules only.
var parents = map[string]string{}

func Parent(name string) string {
	if p, ok := parents[name]; ok {
		return p
	}
	parents[name] = FindZone(name)
	return parents[name]
}

func Chain(name string) []string {
	return []string{name, Parent(name)}
}

// Guarded: a mutex around the fill.
var (
	mu     sync.Mutex
	counts = map[string]int{}
)

func Count(name string) int {
	mu.Lock()
	defer mu.Unlock()
	if _, ok := counts[name]; !ok {
		counts[name] = len(name)
	}
	return counts[name]
}
