package session

import "strings"

// Context is only written through values that withContext returns: the
// literal without its map is handed to withContext, which reads fields of
// its parameter and returns a new Context whose map it makes.
type Context struct {
	name      string
	instances map[string][]string
}

func withContext(parent Context) Context {
	return Context{name: parent.name, instances: make(map[string][]string)}
}

// Start hands its literal to withContext and writes through the result.
func Start(name string) Context {
	ctx := withContext(Context{name: name})
	ctx.load("a")
	return ctx
}

func (ctx Context) load(id string) {
	ctx.instances[id] = append(ctx.instances[id], ctx.name)
}

// Parser is built with its map for the functions that write it; the
// literal without the map is handed only to printName, which reads it and
// calls a method of the embedded *strings.Reader (run on the Reader, not on
// the Parser).
type Parser struct {
	*strings.Reader
	name  string
	state map[string]int
}

func parseAll(names []string) []string {
	var out []string
	for _, n := range names {
		p := Parser{Reader: strings.NewReader(n), name: n, state: map[string]int{}}
		count(p)
		out = append(out, printName(Parser{Reader: strings.NewReader(n), name: n}))
	}
	return out
}

func printName(p Parser) string {
	if p.Len() == 0 {
		return ""
	}
	return p.name
}

func count(p Parser) {
	p.state[p.name]++
}
