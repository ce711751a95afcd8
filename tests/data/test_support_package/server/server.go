// Package server is linked by the command: its nil-map writes crash it.
package server

import "fmt"

// Run prints the labels of name.
func Run(name string) {
	var labels map[string]string
	labels["app"] = name
	fmt.Println(labels)
}
