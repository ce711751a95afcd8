// Command app registers its kinds during initialization, then serves.
package main

import (
	"fmt"
	"net/http"

	"example.com/lockstart/kinds"
)

func init() {
	kinds.Register("pod")
	kinds.Register("node")
}

func main() {
	http.HandleFunc("/size", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, kinds.Default.Size(r.URL.Query().Get("kind")))
	})
	go func() {
		_ = http.ListenAndServe(":8080", nil)
	}()
	kinds.RegisterExtra("job")
	select {}
}
