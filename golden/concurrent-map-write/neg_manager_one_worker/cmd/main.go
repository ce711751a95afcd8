package main

import (
	"fmt"

	"sigs.k8s.io/controller-runtime/pkg/config"
)

// Options stands for the manager's options (ctrl.Options).
type Options struct {
	Controller config.Controller
}

func main() {
	skip := true
	// The manager's controller defaults leave one worker per controller.
	opts := Options{Controller: config.Controller{SkipNameValidation: &skip, MaxConcurrentReconciles: 1}}
	fmt.Println(opts.Controller.MaxConcurrentReconciles)
}
