package labels

import "encoding/json"

// labelSet has its own UnmarshalJSON, but an empty object returns without
// an error and without making the map: a decoded value can hold a nil map.
type labelSet struct {
	m map[string]string
}

func (l *labelSet) add(k, v string) {
	l.m[k] = v // want "write to nil map field l.m: a labelSet decoded in Load leaves it nil when the input lacks it"
}

// UnmarshalJSON decodes an object of labels.
func (l *labelSet) UnmarshalJSON(data []byte) error {
	if string(data) == "{}" {
		return nil
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	l.m = m
	return nil
}

// Doc is the decoded document.
type Doc struct {
	Labels []*labelSet `json:"labels"`
}

// Load decodes a document and marks every label set.
func Load(data []byte) (*Doc, error) {
	var d Doc
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, err
	}
	for _, l := range d.Labels {
		l.add("loaded", "true")
	}
	return &d, nil
}
