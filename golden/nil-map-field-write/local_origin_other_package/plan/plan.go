package plan

import "example.com/localorigin/model"

// Changes holds the items to create and to delete.
type Changes struct {
	Create []*model.Item
	Delete []*model.Item
}
