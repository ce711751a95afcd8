package scaler

import "example.com/cloud"

type literalMetadata struct {
	CloudName string
	URL       string
	Cloud     cloud.Configuration
}

// Validate gives the Cloud a new value, but a literal without Services:
// the map is still nil.
func (m *literalMetadata) Validate() error {
	m.Cloud = cloud.Configuration{Name: m.CloudName}
	m.Cloud.Services["logs"] = cloud.ServiceConfiguration{Endpoint: m.URL} // want "write to nil map field m.Cloud.Services: the literalMetadata literal in newLiteralMetadata omits Cloud"
	return nil
}

func newLiteralMetadata(p cloud.Parser, name, url string) (*literalMetadata, error) {
	m := &literalMetadata{}
	m.CloudName = name
	m.URL = url
	if err := p.Parse(m); err != nil {
		return nil, err
	}
	return m, nil
}
