// Package plugins enables optional formats.
package plugins

import "example.com/chains/registry"

// Enable adds a plugin's format.
func Enable(name string) {
	registry.AddLate(name, "plugin/"+name)
}
