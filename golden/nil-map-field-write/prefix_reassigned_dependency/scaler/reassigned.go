package scaler

import (
	"errors"

	"example.com/cloud"
)

type metadata struct {
	CloudName string
	URL       string
	Cloud     cloud.Configuration
}

// Validate gives the whole Cloud another value before it writes into its
// Services: the literal in newMetadata, which leaves Cloud zero, no longer
// tells what the map holds.
func (m *metadata) Validate() error {
	m.Cloud = cloud.Public
	if m.CloudName == "private" {
		if m.URL == "" {
			return errors.New("url required")
		}
		m.Cloud.Services["logs"] = cloud.ServiceConfiguration{Endpoint: m.URL}
	} else if c, ok := cloud.Configs[m.CloudName]; ok {
		m.Cloud = c
	} else {
		return errors.New("unknown cloud")
	}
	return nil
}

func newMetadata(p cloud.Parser, name, url string) (*metadata, error) {
	m := &metadata{}
	m.CloudName = name
	m.URL = url
	if err := p.Parse(m); err != nil {
		return nil, err
	}
	return m, nil
}
