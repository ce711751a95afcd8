package model

// Labels are the labels of an item.
type Labels map[string]string

// Item is built by NewItem, and by literals in other packages.
type Item struct {
	Name   string
	Labels Labels
}

// NewItem makes Labels.
func NewItem(name string) *Item {
	return &Item{Name: name, Labels: Labels{}}
}
