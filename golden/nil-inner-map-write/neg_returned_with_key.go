package push

import (
	"errors"
	"net/url"
)

// Ref names a remote key.
type Ref interface {
	Key() string
}

var errNoSecrets = errors.New("no secrets")

// templateData sets data["ref"] whenever ref is non-nil, and data["all"]
// always.
func templateData(ref Ref, secrets []string, escape bool) (map[string]map[string]string, error) {
	data := map[string]map[string]string{}
	data["all"] = map[string]string{}
	if ref != nil {
		if escape {
			data["ref"] = map[string]string{"key": url.QueryEscape(ref.Key())}
		} else {
			data["ref"] = map[string]string{"key": ref.Key()}
		}
	}
	if len(secrets) == 0 {
		return nil, errNoSecrets
	}
	if err := fill(secrets, data); err != nil {
		return nil, err
	}
	return data, nil
}

// fill adds a map per secret; it keeps every key.
func fill(secrets []string, data map[string]map[string]string) error {
	for _, s := range secrets {
		if _, ok := data[s]; !ok {
			data[s] = make(map[string]string)
		}
		data[s]["name"] = s
	}
	return nil
}

// Push: ref.Key() panics on a nil interface before the write stores, and a
// non-nil ref gets data["ref"] made; data["all"] is always made.
func Push(ref Ref, secrets []string, value string) (map[string]map[string]string, error) {
	out, err := templateData(ref, secrets, true)
	if err != nil {
		return nil, err
	}
	out["ref"][ref.Key()] = value
	out["all"]["value"] = value
	return out, nil
}
