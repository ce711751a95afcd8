// Command useskv parses its arguments with a parser of a dependency.
package main

import (
	"fmt"
	"os"

	"example.com/kvparse"
)

func main() {
	var values map[string]string
	if err := kvparse.ParseInto(os.Args[1], values); err != nil { // want `values is nil when passed to kvparse\.ParseInto, which writes into its parameter dest`
		fmt.Println(err)
	}
	var chained map[string]string
	_ = kvparse.ParseChained(os.Args[1], chained) // want `chained is nil when passed to kvparse\.ParseChained, which writes into its parameter dest`
	made := map[string]string{}
	_ = kvparse.ParseInto(os.Args[1], made)
	var counted map[string]string
	fmt.Println(kvparse.Count(os.Args[1], counted))
	var fresh map[string]string
	fmt.Println(kvparse.ParseFresh(os.Args[1], fresh), len(values), len(chained))
}
