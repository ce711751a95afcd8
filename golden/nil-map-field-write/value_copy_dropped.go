package p

import "encoding/json"

// Set is used by value: a guard in Add could not reach the caller's copy.
type Set struct {
	Items map[string]bool `json:"items"`
}

// Load decodes a Set: without "items" the map stays nil.
func Load(data []byte) (Set, error) {
	var s Set
	err := json.Unmarshal(data, &s)
	return s, err
}

// Add writes through a value receiver and drops the copy: reported, never
// fixed automatically.
func (s Set) Add(k string) {
	s.Items[k] = true // want "write to nil map field s.Items: the zero value of var s Set in Load leaves it nil"
}
