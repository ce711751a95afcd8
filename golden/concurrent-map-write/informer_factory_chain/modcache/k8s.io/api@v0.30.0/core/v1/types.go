// Package v1 is a stand-in for the core API types.
package v1

type ObjectMeta struct {
	Name        string
	Annotations map[string]string
}

type Node struct {
	ObjectMeta
}

func (in *Node) DeepCopy() *Node {
	out := *in
	out.Annotations = map[string]string{}
	for k, v := range in.Annotations {
		out.Annotations[k] = v
	}
	return &out
}
