package p

import "encoding/json"

func addDefaults(raw []byte) []byte {
	var schema struct {
		Properties map[string]interface{} `json:"properties"`
	}
	_ = json.Unmarshal(raw, &schema)
	if schema.Properties["apiVersion"] == nil {
		schema.Properties["apiVersion"] = "v1" // want "write to nil map field schema.Properties: the zero value of var schema, decoded, leaves Properties nil"
	}
	out, _ := json.Marshal(schema)
	return out
}

func guarded(raw []byte) []byte {
	var schema struct {
		Properties map[string]interface{} `json:"properties"`
	}
	_ = json.Unmarshal(raw, &schema)
	if schema.Properties == nil {
		schema.Properties = map[string]interface{}{}
	}
	schema.Properties["apiVersion"] = "v1"
	out, _ := json.Marshal(schema)
	return out
}

func filled(raw []byte) []byte {
	var schema struct {
		Properties map[string]interface{} `json:"properties"`
	}
	fill(&schema.Properties)
	schema.Properties["apiVersion"] = "v1"
	out, _ := json.Marshal(schema)
	return out
}

func fill(m *map[string]interface{}) {
	*m = map[string]interface{}{}
}
