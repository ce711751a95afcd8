package model

// Labels are the labels of an item.
type Labels map[string]string

// Item is built by NewItem, and by literals in other packages.
type Item struct {
	Name   string
	Labels Labels
	Tags   map[string]string
	Notes  map[string]string
}

// NewItem makes every map.
func NewItem(name string) *Item {
	return &Item{
		Name:   name,
		Labels: Labels{},
		Tags:   map[string]string{},
		Notes:  map[string]string{},
	}
}

// Record is built with its map by every literal of the module.
type Record struct {
	Name string
	Tags map[string]string
}
