package p

import (
	"testing"
	"time"
)

// The package's tests run one after the other: a test that starts nothing
// writes the package map while no goroutine of the package runs, and its
// Cleanup runs once it has returned.
var flags = map[string]bool{"fast": true}

func enabled(name string) bool { return flags[name] }

func poll(stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(time.Millisecond):
			_ = enabled("fast")
		}
	}
}

func Start() chan struct{} {
	stop := make(chan struct{})
	go poll(stop)
	return stop
}

func TestEnabled(t *testing.T) {
	flags["test"] = true
	t.Cleanup(func() { delete(flags, "test") })
	if !enabled("test") {
		t.Fatal("not enabled")
	}
}
