// Package conf holds package-level maps that other packages of the module
// use: each is one map for the whole program, whichever package names it.
package conf

import "sync"

// Enabled says which actions run.
var Enabled map[string]bool

// Weights of the actions.
var Weights = map[string]int{}

// Mu guards Locked.
var Mu sync.Mutex

// Locked is written under Mu.
var Locked = map[string]int{}

// Plugins is filled before the workers start.
var Plugins = map[string]string{}

// Read is only read by the other packages.
var Read = make(map[string]bool)

// Set marks a name.
func Set(name string) { Read[name] = true }
