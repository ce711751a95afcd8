package enforce

import "encoding/json"

type rule struct {
	Name  string            `json:"name"`
	Match map[string]string `json:"match"`
}

type file struct {
	Rules []*rule `json:"rules"`
}

// load decodes rules, which may lack match; but no decoded rule is ever
// handed to an enforcer.
func load(b []byte) (*file, error) {
	var f file
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// Names lists the decoded rules.
func Names(b []byte) []string {
	f, err := load(b)
	if err != nil {
		return nil
	}
	var names []string
	for _, r := range f.Rules {
		names = append(names, r.Name)
	}
	return names
}

// process is unexported: only this package can call it, directly or
// through the interface.
type enforcer interface {
	process(ns string, r *rule) *rule
}

type namespaced struct{}

// The write: every call of a process method passes convert's result (whose
// match is made) or forwards its own r unchanged.
func (namespaced) process(ns string, r *rule) *rule {
	r.Match["namespace"] = ns
	return r
}

type marking struct{ next enforcer }

// process passes r on before it assigns r.
func (m marking) process(ns string, r *rule) *rule {
	r = m.next.process(ns, r)
	r.Name += "!"
	return r
}

// Input is what users write.
type Input struct {
	Name   string
	Labels []string
}

// convert makes match, or gives no rule at all.
func convert(in *Input) *rule {
	if in == nil {
		return nil
	}
	match := map[string]string{}
	for _, l := range in.Labels {
		match[l] = ""
	}
	return &rule{Name: in.Name, Match: match}
}

// Build converts the inputs and enforces the namespace on each.
func Build(ns string, ins []*Input) []*rule {
	var e enforcer = marking{next: namespaced{}}
	var out []*rule
	for _, in := range ins {
		out = append(out, e.process(ns, convert(in)))
	}
	return out
}
