package values

import (
	"encoding/json"

	"sigs.k8s.io/yaml"
)

// An empty values file decodes to nothing, without an error: the map stays nil.
func Defaults(data []byte, version string) (map[string]interface{}, error) {
	var values map[string]interface{}
	if err := yaml.Unmarshal(data, &values); err != nil {
		return nil, err
	}
	values["version"] = version // want "write to map values that may be nil: yaml.Unmarshal leaves it nil for an empty document"
	return values, nil
}

// Made before the decode: it stays made.
func DefaultsMade(data []byte, version string) (map[string]interface{}, error) {
	values := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &values); err != nil {
		return nil, err
	}
	values["version"] = version
	return values, nil
}

// Checked after the decode.
func DefaultsChecked(data []byte, version string) (map[string]interface{}, error) {
	var values map[string]interface{}
	if err := yaml.Unmarshal(data, &values); err != nil {
		return nil, err
	}
	if values == nil {
		values = map[string]interface{}{}
	}
	values["version"] = version
	return values, nil
}

// JSON: empty input is an error, so a decode that succeeded made the map
// (an input of null aside).
func FromJSON(data []byte, version string) (map[string]interface{}, error) {
	var values map[string]interface{}
	if err := json.Unmarshal(data, &values); err != nil {
		return nil, err
	}
	values["version"] = version
	return values, nil
}
