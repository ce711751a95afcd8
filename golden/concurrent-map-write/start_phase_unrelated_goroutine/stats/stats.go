// Package stats logs the program's memory use: it never touches the
// tables of package features.
package stats

import (
	"log"
	"runtime"
	"time"
)

// Loop prints the memory use every period, forever.
func Loop(period time.Duration) {
	for {
		time.Sleep(period)
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		log.Println("alloc", toMiB(m.Alloc))
	}
}

func toMiB(b uint64) uint64 { return b / (1 << 20) }

// Every runs f every period, forever: it runs what its callers pass.
func Every(period time.Duration, f func()) {
	for {
		time.Sleep(period)
		f()
	}
}

// Repeat runs f every period, forever.
func Repeat(period time.Duration, f func()) {
	for {
		time.Sleep(period)
		f()
	}
}
