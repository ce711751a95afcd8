package cli

import (
	"encoding/json"
	"os"
)

// UnmarshalLocalFile decodes the file at path into obj, which it reaches
// only by reflection.
func UnmarshalLocalFile(path string, obj interface{}) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, obj)
}

// Preparer is what Prepare needs of its value.
type Preparer interface {
	Prepare()
}

// Prepare calls the value's own Prepare, which may make its maps.
func Prepare(path string, obj Preparer) error {
	if path == "" {
		return nil
	}
	obj.Prepare()
	return nil
}
