package objects

import "encoding/json"

// Object is decoded from JSON; annotations may be absent from the input.
type Object struct {
	Name        string            `json:"name"`
	Annotations map[string]string `json:"annotations"`
}

// Annotate sets an annotation.
func (o *Object) Annotate(k, v string) {
	o.Annotations[k] = v // want "write to nil map field o.Annotations: a Object decoded in Load leaves it nil when the input lacks it"
}

// Load decodes a list of objects and marks each one.
func Load(data []byte) ([]*Object, error) {
	var objs []*Object
	if err := json.Unmarshal(data, &objs); err != nil {
		return nil, err
	}
	for _, o := range objs {
		o.Annotate("loaded", "true")
	}
	return objs, nil
}
