// Package meta is a stand-in for apimachinery's api/meta: Accessor returns
// the object itself as its metadata interface.
package meta

import "errors"

type Object interface {
	GetLabels() map[string]string
	GetAnnotations() map[string]string
}

func Accessor(obj any) (Object, error) {
	if o, ok := obj.(Object); ok {
		return o, nil
	}
	return nil, errors.New("no metadata")
}
