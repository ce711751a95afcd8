package main

import (
	"fmt"

	"example.com/unlinked/internal/job"
	"example.com/unlinked/internal/redact"
	"example.com/unlinked/internal/stats"
)

func main() {
	r := redact.New()
	go r.Add("a")
	go job.Run(r)
	fmt.Println(stats.Report(r))
}
