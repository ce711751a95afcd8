package p

import "fmt"

// A write in the loop that starts the workers follows the previous turn's
// worker: not setup.
var jobs = map[int]string{}

func Start(n int) {
	for i := range n {
		jobs[i] = fmt.Sprint(i) // want "concurrent write to map jobs"
		go func() {
			fmt.Println(len(jobs))
		}()
	}
}
