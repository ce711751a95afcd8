package events

import (
	"encoding/xml"

	"sigs.k8s.io/yaml"
)

// sigs.k8s.io/yaml decodes through encoding/json: "- null" (or "- ~", or an
// empty item) is a nil map.
func Tag(data []byte, owner string) ([]map[string]interface{}, error) {
	var items []map[string]interface{}
	if err := yaml.Unmarshal(data, &items); err != nil {
		return nil, err
	}
	for _, item := range items {
		item["owner"] = owner // want "write to map item that may be nil: it is read from items, decoded by yaml.Unmarshal, which decodes a null element to a nil map"
	}
	return items, nil
}

// A nil item skipped: silent.
func TagChecked(data []byte, owner string) ([]map[string]interface{}, error) {
	var items []map[string]interface{}
	if err := yaml.Unmarshal(data, &items); err != nil {
		return nil, err
	}
	for _, item := range items {
		if item == nil {
			continue
		}
		item["owner"] = owner
	}
	return items, nil
}

type entry struct {
	Name string `xml:"name"`
}

// encoding/xml has no null: a slice of structs it fills has no map.
func Names(data []byte) (map[string]bool, error) {
	var entries []entry
	if err := xml.Unmarshal(data, &entries); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Name] = true
	}
	return seen, nil
}
