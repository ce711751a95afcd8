// Package cloud stands in for a cloud SDK's configuration package.
package cloud

// ServiceConfiguration is the endpoint of one service.
type ServiceConfiguration struct {
	Endpoint string
}

// Configuration is a cloud: its services by name.
type Configuration struct {
	Name     string
	Services map[string]ServiceConfiguration
}

// Public is the public cloud.
var Public = Configuration{
	Name:     "public",
	Services: map[string]ServiceConfiguration{"logs": {Endpoint: "https://logs"}},
}

// Configs are the known clouds.
var Configs = map[string]Configuration{"public": Public}

// Parser fills a value and validates it.
type Parser struct{}

// Parse fills v and calls its Validate.
func (Parser) Parse(v interface{ Validate() error }) error { return v.Validate() }
