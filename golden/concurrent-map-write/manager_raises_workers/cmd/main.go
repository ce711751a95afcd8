package main

import (
	"flag"
	"fmt"

	"sigs.k8s.io/controller-runtime/pkg/config"
)

// Options stands for the manager's options (ctrl.Options).
type Options struct {
	Controller config.Controller
}

func main() {
	workers := flag.Int("workers", 4, "workers per controller")
	flag.Parse()
	// Every controller whose own options leave MaxConcurrentReconciles 0
	// runs this many workers.
	opts := Options{Controller: config.Controller{MaxConcurrentReconciles: *workers}}
	fmt.Println(opts.Controller.MaxConcurrentReconciles)
}
