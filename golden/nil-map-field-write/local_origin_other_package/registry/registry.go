package registry

import (
	"example.com/localorigin/model"
	"example.com/localorigin/plan"
	"example.com/localorigin/provider"
)

// Apply marks the items to create, kept in a literal of its own whose
// Create is the caller's: appends in the loop are not iterated.
func Apply(changes *plan.Changes, owner string) *plan.Changes {
	filtered := &plan.Changes{Create: changes.Create}
	for _, it := range filtered.Create {
		it.Labels["owner"] = owner // want "write to nil map field it.Labels: the model.Item built by the literal at source/source.go:9 leaves Labels nil"
		filtered.Create = append(filtered.Create, model.NewItem(it.Name+"-txt"))
	}
	send(filtered)
	return filtered
}

func send(c *plan.Changes) { _ = c }

// Records marks the items a provider lists, gathered in a local slice.
func Records(p provider.Provider, owner string) ([]*model.Item, error) {
	records, err := p.Records()
	if err != nil {
		return nil, err
	}
	items := []*model.Item{}
	for _, r := range records {
		if r.Name == "" {
			continue
		}
		items = append(items, r)
	}
	for _, it := range items {
		it.Labels["owner"] = owner // want "write to nil map field it.Labels: the model.Item built by the literal at source/source.go:9 leaves Labels nil"
	}
	return items, nil
}

// Mixed also gathers an item made by the constructor, which makes Labels:
// not every value comes from outside.
func Mixed(p provider.Provider, owner string) []*model.Item {
	records, _ := p.Records()
	var items []*model.Item
	items = append(items, records...)
	items = append(items, model.NewItem(owner))
	for _, it := range items {
		it.Labels["owner"] = owner
	}
	return items
}

// Guarded makes the map before it writes.
func Guarded(p provider.Provider, owner string) {
	records, _ := p.Records()
	items := []*model.Item{}
	items = append(items, records...)
	for _, it := range items {
		if it.Labels == nil {
			it.Labels = model.Labels{}
		}
		it.Labels["owner"] = owner
	}
}

// Made keeps a slice it made and filled with constructed items.
func Made(owner string) {
	made := make([]*model.Item, 0, 1)
	made = append(made, model.NewItem(owner))
	filtered := &plan.Changes{Create: made}
	for _, it := range filtered.Create {
		it.Labels["owner"] = owner
	}
}

// Extended appends a constructed item before the loop: it is iterated.
func Extended(changes *plan.Changes, owner string) {
	filtered := &plan.Changes{Create: changes.Create}
	filtered.Create = append(filtered.Create, model.NewItem(owner))
	for _, it := range filtered.Create {
		it.Labels["owner"] = owner
	}
}

// Refilled hands the local to a function of the package before the loop,
// which may put any item in it.
func Refilled(changes *plan.Changes, owner string) {
	filtered := &plan.Changes{Create: changes.Create}
	refill(filtered, owner)
	for _, it := range filtered.Create {
		it.Labels["owner"] = owner
	}
}

func refill(c *plan.Changes, owner string) { c.Create = []*model.Item{model.NewItem(owner)} }

// Again ranges in a loop: what the body appends is iterated next time.
func Again(changes *plan.Changes, owner string) {
	filtered := &plan.Changes{Create: changes.Create}
	for i := 0; i < 2; i++ {
		for _, it := range filtered.Create {
			it.Labels["owner"] = owner
			filtered.Create = append(filtered.Create, model.NewItem(owner))
		}
	}
}
