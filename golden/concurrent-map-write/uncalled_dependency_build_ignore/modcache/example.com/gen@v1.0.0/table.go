//go:build ignore

// table.go generates the tables: go run table.go. It is in no build, so
// the module it imports is in no build list.
package main

import "example.com/missing/tables"

func main() { tables.Write() }
