// Package handlers keeps tables that its exported functions fill on first
// use; the program's main calls them.
package handlers

var routes = map[string]string{}

// Route fills its table on first use. main calls it before it starts any
// goroutine: main.main runs its statements in order on the main goroutine,
// so nothing else can read the table yet.
func Route(name string) string {
	if r, ok := routes[name]; ok {
		return r
	}
	routes[name] = "/" + name
	return routes[name]
}

var kinds = map[string]int{}

// Kind fills its table on first use too, but main calls it after its go
// statement has started a goroutine.
func Kind(name string) int {
	if k, ok := kinds[name]; ok {
		return k
	}
	kinds[name] = len(name) // want "concurrent write to map kinds: Kind fills this package-level cache on first use without a lock"
	return kinds[name]
}
