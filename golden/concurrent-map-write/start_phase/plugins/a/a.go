// Package a registers itself when it is initialized.
package a

import "example.com/startphase/registry"

func init() {
	registry.Register("a", "builtin")
}
