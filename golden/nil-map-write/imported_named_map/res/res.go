// Package res declares resource types.
package res

// Requests is a named map type.
type Requests map[string]int64

// Flavor is a struct.
type Flavor struct {
	Name string
}

// Counts is a named slice type.
type Counts []int
