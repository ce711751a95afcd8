// Package early records a count during initialisation, from the init
// function of a file that comes before the one that makes the map.
package early

// Package initialisation runs the init functions in file name order: this
// one (a.go) runs before the one in b.go.
func init() {
	Record("boot")
}
