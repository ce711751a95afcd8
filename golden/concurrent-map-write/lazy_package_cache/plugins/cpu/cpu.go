// Package cpu registers its feature source during package initialization.
package cpu

import "example.com/lazycache/sources"

var registered = sources.Help("cpu") == ""

func init() {
	sources.Register("cpu", "processor features")
	sources.RegisterLate("cpu", "processor features")
}
