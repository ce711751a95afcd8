// Package svc starts a goroutine while it is initialized; it imports
// nothing of the module, so that goroutine cannot reach the registry's
// tables.
package svc

import (
	"fmt"
	"os"
)

var Status = make(chan string)

func init() {
	go func() {
		for s := range Status {
			fmt.Fprintln(os.Stderr, s)
		}
	}()
}
