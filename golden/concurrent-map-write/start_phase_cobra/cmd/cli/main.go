package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"example.com/cli/cache"
)

func sizeCommand() *cobra.Command {
	return &cobra.Command{
		Use: "size",
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, a := range args {
				fmt.Println(cache.Size(a))
			}
			return nil
		},
	}
}

func serveCommand() *cobra.Command {
	return &cobra.Command{
		Use: "serve",
		Run: func(cmd *cobra.Command, args []string) {
			names := make(chan string)
			cache.Watch(names)
			for _, a := range args {
				cache.Mark(a)
				names <- a
			}
		},
	}
}

func main() {
	root := &cobra.Command{Use: "cli"}
	root.AddCommand(sizeCommand(), serveCommand())
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
