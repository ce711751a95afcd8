// Package tcp registers the TCP protocol when it is initialized.
package tcp

import "example.com/chains/transport"

func init() {
	transport.RegisterProtocol("tcp")
	transport.RegisterWatched("tcp-watched")
}
