package source

import "example.com/writingpackage/model"

// Items builds its own items, with Labels.
func Items(names []string) []*model.Item {
	var out []*model.Item
	for _, n := range names {
		out = append(out, &model.Item{Name: n, Labels: model.Labels{}})
	}
	return out
}

// Mark writes the items this package builds: another package's literal
// (other/other.go) never reaches it.
func Mark(items []*model.Item, owner string) {
	for _, it := range items {
		it.Labels["owner"] = owner
	}
}
