package enforce

import "encoding/json"

type rule struct {
	Name  string            `json:"name"`
	Match map[string]string `json:"match"`
}

type file struct {
	Rules []*rule `json:"rules"`
}

func load(b []byte) (*file, error) {
	var f file
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

type enforcer interface {
	process(ns string, r *rule) *rule
}

type namespaced struct{}

func (namespaced) process(ns string, r *rule) *rule {
	r.Match["namespace"] = ns // want "write to nil map field r.Match: a rule decoded in load leaves it nil"
	return r
}

// Input is what users write.
type Input struct{ Name string }

func convert(in Input) *rule {
	return &rule{Name: in.Name, Match: map[string]string{}}
}

// Build enforces converted inputs, whose match is made.
func Build(ns string, ins []Input) []*rule {
	var e enforcer = namespaced{}
	var out []*rule
	for _, in := range ins {
		out = append(out, e.process(ns, convert(in)))
	}
	return out
}

// Reload also enforces decoded rules, which may lack match.
func Reload(ns string, b []byte) []*rule {
	f, err := load(b)
	if err != nil {
		return nil
	}
	var e enforcer = namespaced{}
	for i, r := range f.Rules {
		f.Rules[i] = e.process(ns, r)
	}
	return f.Rules
}
