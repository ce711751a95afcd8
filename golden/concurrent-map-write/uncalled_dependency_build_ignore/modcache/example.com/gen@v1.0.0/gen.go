// Package gen doubles numbers.
package gen

// Double returns twice n.
func Double(n int) int { return 2 * n }
