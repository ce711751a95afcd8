// Package b registers itself through the plugin helper, from a
// package-level initializer.
package b

import "example.com/startphase/plugin"

var registered = register()

func register() bool {
	plugin.Add("b")
	return true
}
