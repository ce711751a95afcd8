package scaler

import "example.com/cloud"

type branchMetadata struct {
	CloudName string
	URL       string
	Cloud     cloud.Configuration
}

// Validate replaces the Cloud only for the public cloud: a private one
// reaches the write with the zero Cloud of the literal.
func (m *branchMetadata) Validate() error {
	if m.CloudName == "public" {
		m.Cloud = cloud.Public
	}
	m.Cloud.Services["logs"] = cloud.ServiceConfiguration{Endpoint: m.URL} // want "write to nil map field m.Cloud.Services: the branchMetadata literal in newBranchMetadata omits Cloud"
	return nil
}

func newBranchMetadata(p cloud.Parser, name, url string) (*branchMetadata, error) {
	m := &branchMetadata{}
	m.CloudName = name
	m.URL = url
	if err := p.Parse(m); err != nil {
		return nil, err
	}
	return m, nil
}
