package p

import (
	"strings"
	"text/template"
)

// Template functions run during Execute, on the caller's goroutine: a
// method value in a FuncMap (a map literal, not a struct of callbacks) is
// no goroutine of its own.
type resolver struct {
	memo map[string]string
}

func (r *resolver) resolve(name string) string {
	if v, ok := r.memo[name]; ok {
		return v
	}
	r.memo[name] = strings.ToUpper(name)
	return r.memo[name]
}

func Render(text string) (string, error) {
	r := &resolver{memo: map[string]string{}}
	t, err := template.New("t").Funcs(template.FuncMap{"resolve": r.resolve}).Parse(text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = t.Execute(&b, nil)
	return b.String(), err
}

func (r *resolver) Reset() {
	clear(r.memo)
}
