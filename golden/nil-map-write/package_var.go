package golden

import "time"

// resyncPeriods is written but never made anywhere in the package.
var resyncPeriods map[string]time.Duration

// SetResync overrides the resync period of kind.
func SetResync(kind string, d time.Duration) {
	resyncPeriods[kind] = d // want "write to nil map resyncPeriods: package variable resyncPeriods is never made"
}

// Resync reads the period; reading a nil map is legal.
func Resync(kind string) time.Duration {
	return resyncPeriods[kind]
}
