package framework

// NodeInfo tracks the pods of a node.
type NodeInfo struct {
	name  string
	extra map[string]int
}

// NewNodeInfo makes the map.
func NewNodeInfo(name string) *NodeInfo {
	return &NodeInfo{name: name, extra: map[string]int{}}
}

// Wrap keeps the caller's map, which the snapshot passes as nil.
func Wrap(name string, extra map[string]int) *NodeInfo {
	return &NodeInfo{name: name, extra: extra}
}

// AddPod writes the map.
func (n *NodeInfo) AddPod(pod string) {
	n.extra[pod] = 1 // want "write to nil map field n.extra: the NodeInfo literal in Wrap sets extra from its parameter extra, which Snapshot.Get passes as nil \(snapshot.go:\d+\)"
}

// Volumes is only ever given a made map.
type Volumes struct {
	node  string
	claim map[string]string
}

// WrapVolumes keeps the caller's map.
func WrapVolumes(node string, claim map[string]string) *Volumes {
	return &Volumes{node: node, claim: claim}
}

// Bind writes the map.
func (v *Volumes) Bind(pvc, pv string) {
	v.claim[pvc] = pv
}

// Images makes the map when the caller passes nil.
type Images struct {
	node  string
	sizes map[string]int64
}

// WrapImages replaces a nil map by a made one.
func WrapImages(node string, sizes map[string]int64) *Images {
	if sizes == nil {
		sizes = map[string]int64{}
	}
	return &Images{node: node, sizes: sizes}
}

// Add writes the map.
func (i *Images) Add(image string, size int64) {
	i.sizes[image] = size
}

// Ports is given nil, but every write checks the map first.
type Ports struct {
	node string
	used map[int]bool
}

// WrapPorts keeps the caller's map.
func WrapPorts(node string, used map[int]bool) *Ports {
	return &Ports{node: node, used: used}
}

// Use makes the map before writing it.
func (p *Ports) Use(port int) {
	if p.used == nil {
		p.used = map[int]bool{}
	}
	p.used[port] = true
}
