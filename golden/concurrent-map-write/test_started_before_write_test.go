package p

import (
	"testing"
	"time"
)

// This test starts the poller first: its write races with the poller's
// reads.
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
	stop := Start()
	defer close(stop)
	flags["test"] = true // want "concurrent write to map flags"
	if !enabled("test") {
		t.Fatal("not enabled")
	}
}
