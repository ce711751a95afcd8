// Package registry keeps formats registered by other packages and serves
// lookups from worker goroutines.
package registry

var creators = map[string]string{}

// Register is called only by transport.RegisterProtocol, which only the
// protocol packages' init functions call: package initialization runs on
// one goroutine before main starts the workers.
func Register(name, format string) {
	creators[name] = format
}

var setups = map[string]string{}

// Setup is called only by main's setup helper, which main calls before it
// starts the workers.
func Setup(name, format string) {
	setups[name] = format
}

var lates = map[string]string{}

// AddLate is called by plugins.Enable, which main calls once the workers run.
func AddLate(name, format string) {
	lates[name] = format // want "concurrent write to map lates: a goroutine in Serve runs on several goroutines without a lock"
}

var watched = map[string]string{}

// Watch is called by transport.RegisterWatched after that has started a
// goroutine: a call made after a go statement runs at any time.
func Watch(name, format string) {
	watched[name] = format // want "concurrent write to map watched: a goroutine in Serve runs on several goroutines without a lock"
}

// Serve starts the workers.
func Serve(names <-chan string, out chan<- string) {
	for i := 0; i < 4; i++ {
		go func() {
			for n := range names {
				out <- creators[n] + setups[n] + lates[n] + watched[n]
			}
		}()
	}
}
