package source

import "example.com/moduleliterals/model"

// Items builds items by literals: Labels is left nil, Tags and Notes are set.
func Items(names []string) []*model.Item {
	var out []*model.Item
	for _, n := range names {
		it := &model.Item{Name: n, Tags: map[string]string{}}
		it.Notes = make(map[string]string)
		out = append(out, it)
	}
	out = append(out, model.NewItem("default"))
	return out
}

// Records sets Tags in each literal.
func Records(names []string) []model.Record {
	var out []model.Record
	for _, n := range names {
		out = append(out, model.Record{Name: n, Tags: map[string]string{}})
	}
	return out
}
