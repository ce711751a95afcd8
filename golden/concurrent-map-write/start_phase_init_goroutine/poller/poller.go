// Package poller starts watching the table as soon as it is initialized.
package poller

import "example.com/initgo/table"

var Keys = make(chan string)

func init() {
	go table.Watch(Keys)
	table.Add("poller", 1)
}
