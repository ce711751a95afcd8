package source

import "example.com/localorigin/model"

// Items builds items by a literal that leaves Labels nil.
func Items(names []string) []*model.Item {
	var out []*model.Item
	for _, n := range names {
		out = append(out, &model.Item{Name: n})
	}
	return out
}
