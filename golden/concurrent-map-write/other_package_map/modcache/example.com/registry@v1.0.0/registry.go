// Package registry is a dependency whose package map every importer shares.
package registry

// Handlers maps a name to its handler.
var Handlers = map[string]string{}
