package other

import "example.com/writingpackage/model"

// Bare builds an item without Labels.
func Bare(name string) *model.Item {
	return &model.Item{Name: name}
}
