package snapshot

import "example.com/paramnil/framework"

// Snapshot hands out nodes.
type Snapshot struct {
	names []string
}

// Get wraps a node with no pods' map.
func (s *Snapshot) Get(name string) *framework.NodeInfo {
	return framework.Wrap(name, nil)
}

// Volumes wraps a made map.
func (s *Snapshot) Volumes(name string) *framework.Volumes {
	return framework.WrapVolumes(name, map[string]string{})
}

// Images may pass nil: WrapImages makes it.
func (s *Snapshot) Images(name string) *framework.Images {
	return framework.WrapImages(name, nil)
}

// Ports passes nil: Use makes it.
func (s *Snapshot) Ports(name string) *framework.Ports {
	return framework.WrapPorts(name, nil)
}
