// Package v1 is a stand-in for the core API types.
package v1

type ObjectMeta struct {
	Name   string
	Labels map[string]string
}

type Secret struct {
	ObjectMeta
	Data map[string][]byte
}

func (in *Secret) DeepCopy() *Secret {
	out := *in
	out.Labels = map[string]string{}
	for k, v := range in.Labels {
		out.Labels[k] = v
	}
	out.Data = map[string][]byte{}
	for k, v := range in.Data {
		out.Data[k] = v
	}
	return &out
}
