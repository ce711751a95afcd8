package convert

import (
	"encoding/json"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Labelled decodes a manifest into an Unstructured and stops on a decode
// error: Unstructured's UnmarshalJSON stores the decoded object and fails
// unless the input is an object with a kind, so Object is set.
func Labelled(data [][]byte) []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	for _, b := range data {
		u := &unstructured.Unstructured{}
		if err := json.Unmarshal(b, u); err != nil {
			continue
		}
		u.Object["status"] = map[string]any{}
		out = append(out, u)
	}
	return out
}

// Checked keeps the error in a variable and leaves on it.
func Checked(b []byte) (*unstructured.Unstructured, error) {
	var u unstructured.Unstructured
	err := json.Unmarshal(b, &u)
	if err != nil {
		return nil, err
	}
	u.Object["status"] = map[string]any{}
	return &u, nil
}

// Near miss: the decode's error is dropped, so a failed decode leaves the
// zero Unstructured, whose Object is nil.
func Dropped(b []byte) *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	_ = json.Unmarshal(b, u)
	u.Object["status"] = map[string]any{} // want `write to u\.Object, which may be nil: u is decoded by json\.Unmarshal`
	return u
}
