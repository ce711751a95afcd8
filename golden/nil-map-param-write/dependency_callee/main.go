// Command usesdep counts words with a helper of a dependency.
package main

import (
	"fmt"
	"os"

	"example.com/maputil"
)

func main() {
	var counts map[string]int
	for _, word := range os.Args[1:] {
		maputil.Count(counts, word) // want `counts is nil when passed to maputil\.Count, which writes into its parameter counts`
	}
	fmt.Println(len(counts))
	made := maputil.CountOrMake(nil, "x")
	maputil.Count(made, "y")
}
