// Package app calls the helpers of package labels.
package app

import "example.com/crosspkg/labels"

// Build passes nil and a never-made map to a helper that writes into them.
func Build(extra map[string]string) map[string]string {
	labels.Merge(nil, extra) // want `nil map passed to labels\.Merge, which writes into its parameter dst`
	var out map[string]string
	labels.Merge(out, extra) // want `out is nil when passed to labels\.Merge, which writes into its parameter dst`
	return out
}

// Flags passes nil where the parameter has a named type of the other package.
func Flags() {
	labels.Apply(nil, "debug") // want `nil map passed to labels\.Apply, which writes into its parameter dst`
}

// Features passes a never-made variable of that named map type.
func Features() labels.Set {
	var features labels.Set
	labels.Apply(features, "beta") // want `features is nil when passed to labels\.Apply, which writes into its parameter dst`
	return features
}

// Fine passes nil only where the helper makes or checks the map, and made maps.
func Fine(extra map[string]string) map[string]string {
	made := map[string]string{}
	labels.Merge(made, extra)
	labels.Merge(extra, nil)
	labels.SetIfPresent(nil, "a", "b")
	return labels.Ensure(nil, "a", "b")
}
