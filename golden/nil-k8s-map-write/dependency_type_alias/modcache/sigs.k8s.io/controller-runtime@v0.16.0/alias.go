// Package controllerruntime stands in for the real package: its Options is
// an alias of the manager's options struct.
package controllerruntime

import "sigs.k8s.io/controller-runtime/pkg/manager"

// Options are the arguments for creating a new Manager.
type Options = manager.Options
