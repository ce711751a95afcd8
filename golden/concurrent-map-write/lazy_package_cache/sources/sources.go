// Package sources keeps the registered feature sources.
package sources

import "fmt"

var sources = map[string]string{}

// Register is called only from the source packages' init functions: package
// initialization runs on one goroutine before main starts, so the table is
// filled before any request or informer handler reads it.
func Register(name, help string) {
	if _, ok := sources[name]; ok {
		panic(fmt.Sprintf("source %q already registered", name))
	}
	sources[name] = help
}

func Help(name string) string { return sources[name] }

var late = map[string]string{}

// RegisterLate is called from an init function too, but also from a
// request handler, while other requests read the table.
func RegisterLate(name, help string) {
	if _, ok := late[name]; ok {
		return
	}
	late[name] = help // want "concurrent write to map late: RegisterLate fills this package-level cache on first use without a lock"
}

func LateHelp(name string) string { return late[name] }
