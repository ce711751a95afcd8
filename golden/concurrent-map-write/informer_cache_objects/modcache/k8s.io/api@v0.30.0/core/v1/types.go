// Package v1 is a stand-in for the core API types.
package v1

type ObjectMeta struct {
	Name        string
	Namespace   string
	Labels      map[string]string
	Annotations map[string]string
}

func (m *ObjectMeta) GetLabels() map[string]string      { return m.Labels }
func (m *ObjectMeta) GetAnnotations() map[string]string { return m.Annotations }

type PodSpec struct {
	NodeName     string
	NodeSelector map[string]string
}

type Pod struct {
	ObjectMeta
	Spec PodSpec
}

func (in *Pod) DeepCopy() *Pod {
	out := *in
	out.Labels = copyMap(in.Labels)
	out.Annotations = copyMap(in.Annotations)
	out.Spec.NodeSelector = copyMap(in.Spec.NodeSelector)
	return &out
}

type ConfigMap struct {
	ObjectMeta
	Data map[string]string
}

func (in *ConfigMap) DeepCopy() *ConfigMap {
	out := *in
	out.Labels = copyMap(in.Labels)
	out.Annotations = copyMap(in.Annotations)
	out.Data = copyMap(in.Data)
	return &out
}

func copyMap(in map[string]string) map[string]string {
	out := make(map[string]string, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}
