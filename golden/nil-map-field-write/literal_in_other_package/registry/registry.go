package registry

import "example.com/moduleliterals/model"

// Own marks each item the registry is handed.
func Own(items []*model.Item, owner string) {
	for _, it := range items {
		it.Labels["owner"] = owner // want "write to nil map field it.Labels: the model.Item built by the literal at source/source.go:14 leaves Labels nil"
	}
}

// Changes holds the items of a plan.
type Changes struct {
	Create []*model.Item
}

// Apply marks the items of a plan.
func Apply(c *Changes, owner string) {
	for _, it := range c.Create {
		it.Labels["owner"] = owner // want "write to nil map field it.Labels: the model.Item built by the literal at source/source.go:14 leaves Labels nil"
	}
}

// One marks one item.
func One(it *model.Item, owner string) {
	it.Labels["owner"] = owner // want "leaves Labels nil"
}

// Checked makes the map first.
func Checked(it *model.Item, owner string) {
	if it.Labels == nil {
		it.Labels = model.Labels{}
	}
	it.Labels["owner"] = owner
}

// Tagged writes a map every literal sets.
func Tagged(it *model.Item, owner string) {
	it.Tags["owner"] = owner
}

// Noted writes a map that the literal's function makes right after it.
func Noted(it *model.Item, owner string) {
	it.Notes["owner"] = owner
}

// Recorded writes a map of a type whose every literal sets it.
func Recorded(rs []model.Record, owner string) {
	for i := range rs {
		rs[i].Tags["owner"] = owner
	}
}

// Built writes an item it built with the constructor.
func Built(owner string) *model.Item {
	it := model.NewItem(owner)
	it.Labels["owner"] = owner
	return it
}

// Count writes a map that every literal of Report gets made.
func Count(r *model.Report, key string) {
	r.Stats[key]++
}

// Header writes a map that only a package variable's literal leaves out.
func Header(c *model.Config) {
	c.Headers["a"] = "b"
}

// Gate writes a map that only a literal bound by a method, or returned
// beside an error, leaves out.
func Gate(s *model.Settings) {
	s.Gates["a"] = true
}
