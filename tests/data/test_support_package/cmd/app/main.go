// Command app serves with the server package.
package main

import "example.com/tsp/server"

func main() {
	server.Run("app")
}
