package main

import (
	"example.com/initgo/poller"
	"example.com/initgo/table"
)

func init() {
	table.Add("tool", 2)
}

func main() {
	poller.Keys <- "tool"
}
