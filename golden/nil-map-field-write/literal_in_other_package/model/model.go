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

// Report is built empty by literals that are read for their type, or that
// a filler is handed at once.
type Report struct {
	Stats map[string]int
}

// Config has a default value in a package variable.
type Config struct {
	Name    string
	Headers map[string]string
}

// Settings are made by a method of the value that holds them, or returned
// beside an error.
type Settings struct {
	Gates map[string]bool
}
