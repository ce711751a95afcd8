package provider

import "example.com/localorigin/model"

// Provider lists the items it holds; each implementation builds them.
type Provider interface {
	Records() ([]*model.Item, error)
}
