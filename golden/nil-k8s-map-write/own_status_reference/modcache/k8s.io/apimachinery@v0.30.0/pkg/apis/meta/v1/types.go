// Package v1 is a stub of apimachinery's meta/v1 for the golden test.
package v1

// ObjectMeta is the metadata of a stored object.
type ObjectMeta struct {
	Name        string            `json:"name,omitempty"`
	Namespace   string            `json:"namespace,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// GetName returns the name.
func (m *ObjectMeta) GetName() string { return m.Name }

// GetNamespace returns the namespace.
func (m *ObjectMeta) GetNamespace() string { return m.Namespace }

// SetMetaDataLabel sets the label, making the map first when it is nil.
func SetMetaDataLabel(obj *ObjectMeta, label string, value string) {
	if obj.Labels == nil {
		obj.Labels = make(map[string]string)
	}
	obj.Labels[label] = value
}
