// Package types is a stub of apimachinery's types for the golden test.
package types

// NamespacedName names an object.
type NamespacedName struct {
	Namespace string
	Name      string
}
