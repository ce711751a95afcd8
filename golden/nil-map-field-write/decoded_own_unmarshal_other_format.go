package settings

import (
	"encoding/json"
	"encoding/xml"
)

// Flags makes its map in UnmarshalJSON, which encoding/xml never calls:
// xml fills the fields, and an element without <values> leaves the map nil.
type Flags struct {
	Values map[string]bool `xml:"-"`
	Names  []string        `xml:"name"`
}

// UnmarshalJSON decodes a list of names.
func (f *Flags) UnmarshalJSON(data []byte) error {
	var names []string
	if err := json.Unmarshal(data, &names); err != nil {
		return err
	}
	f.Values = make(map[string]bool)
	for _, name := range names {
		f.Values[name] = true
	}
	return nil
}

func (f *Flags) enable(name string) {
	f.Values[name] = true // want "write to nil map field f.Values: a Flags decoded in Load leaves it nil when the input lacks it"
}

// Config is the decoded document.
type Config struct {
	Flags *Flags `xml:"flags"`
}

// Load decodes a document.
func Load(data []byte) (*Config, error) {
	var c Config
	if err := xml.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	if c.Flags != nil {
		c.Flags.enable("default")
	}
	return &c, nil
}
