package tags

import (
	"encoding/xml"
	"errors"
	"io"
)

// Tag is one key and value.
type Tag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

// tagSet is decoded by its own UnmarshalXML, which makes tagMap on every
// path that returns a nil error: encoding/xml never fills it field by field.
type tagSet struct {
	tagMap   map[string]string
	isObject bool
}

func (tags *tagSet) set(key, value string) error {
	if key == "" {
		return errors.New("empty key")
	}
	tags.tagMap[key] = value
	return nil
}

// UnmarshalXML decodes a list of tags.
func (tags *tagSet) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	list := struct {
		Tags []Tag `xml:"Tag"`
	}{}
	if err := d.DecodeElement(&list, &start); err != nil {
		return err
	}
	m := make(map[string]string, len(list.Tags))
	for _, tag := range list.Tags {
		if _, found := m[tag.Key]; found {
			return errors.New("duplicate key")
		}
		m[tag.Key] = tag.Value
	}
	tags.tagMap = m
	return nil
}

// Tags is the XML document.
type Tags struct {
	XMLName xml.Name `xml:"Tagging"`
	TagSet  *tagSet  `xml:"TagSet"`
}

// Set sets a tag.
func (t *Tags) Set(key, value string) error {
	return t.TagSet.set(key, value)
}

// Parse decodes a document.
func Parse(r io.Reader) (*Tags, error) {
	var t Tags
	if err := xml.NewDecoder(r).Decode(&t); err != nil {
		return nil, err
	}
	return &t, nil
}
