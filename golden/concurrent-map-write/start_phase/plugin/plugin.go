// Package plugin registers plugins through the registry.
package plugin

import "example.com/startphase/registry"

// Add registers a plugin kind; only init functions call it.
func Add(name string) {
	registry.Register(name, "plugin")
}
