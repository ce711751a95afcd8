// Package common holds the operator's constants.
package common

const (
	// DefaultServer is the address of the cluster the operator runs in.
	DefaultServer = "https://kubernetes.default.svc"
	// NoServer is the empty address.
	NoServer = ""
)

// Server is a variable: it may be set to "" anywhere.
var Server = "https://kubernetes.default.svc"
