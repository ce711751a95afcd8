// Package jsonadapter registers the JSON adapter when it is initialized.
package jsonadapter

import "example.com/registry/adapters"

func init() {
	adapters.RegisterAdapter("json", "application/json")
}
