//go:build tools

// table.go is built with -tags tools, which imports a module that is not
// on disk: its interfaces are not known.
package gen

import _ "example.com/missing/tables"
