package push

// Named is a pointer whose method tolerates nil: calling it proves nothing.
type Named struct{ name string }

// Key is safe on a nil *Named.
func (n *Named) Key() string {
	if n == nil {
		return ""
	}
	return n.name
}

// Ref names a remote key.
type Ref interface {
	Key() string
}

// templateData sets data["ref"] whenever ref is non-nil.
func templateData(ref *Named) (map[string]map[string]string, error) {
	data := map[string]map[string]string{}
	if ref != nil {
		data["ref"] = map[string]string{"key": ref.Key()}
	}
	return data, nil
}

// Push with a nil *Named writes into the missing data["ref"].
func Push(ref *Named, value string) (map[string]map[string]string, error) {
	out, err := templateData(ref)
	if err != nil {
		return nil, err
	}
	out["ref"][ref.Key()] = value // want "write to inner map out\\[\"ref\"\\] that may be nil"
	return out, nil
}

// refData sets data["ref"] whenever ref is non-nil.
func refData(ref Ref) (map[string]map[string]string, error) {
	data := map[string]map[string]string{}
	if ref != nil {
		data["ref"] = map[string]string{"key": ref.Key()}
	}
	return data, nil
}

// PushChecked calls a method of the interface, but does not check the error.
func PushChecked(ref Ref, value string) map[string]map[string]string {
	out, _ := refData(ref)
	out["ref"][ref.Key()] = value // want "write to inner map out\\[\"ref\"\\] that may be nil"
	return out
}

// PushDropped has data["ref"] taken away again by a helper.
func PushDropped(ref Ref, value string) (map[string]map[string]string, error) {
	out, err := droppedData(ref)
	if err != nil {
		return nil, err
	}
	out["ref"][ref.Key()] = value // want "write to inner map out\\[\"ref\"\\] that may be nil"
	return out, nil
}

func droppedData(ref Ref) (map[string]map[string]string, error) {
	data, err := refData(ref)
	if err != nil {
		return nil, err
	}
	forget(data)
	return data, nil
}

func forget(data map[string]map[string]string) {
	delete(data, "ref")
}
