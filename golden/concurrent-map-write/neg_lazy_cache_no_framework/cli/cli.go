package cli

import (
	"fmt"

	"example.com/tool/zones"
)

func Run(args []string) {
	for _, a := range args {
		fmt.Println(zones.FindZone(a))
	}
}
