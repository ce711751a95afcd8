package session

// The literal without its map is handed to a function that passes its
// parameter on to the one that writes.
type Parser struct {
	name  string
	state map[string]int
}

func parseOne(name string) string {
	return printName(Parser{name: name})
}

func printName(p Parser) string {
	count(p)
	return p.name
}

func count(p Parser) {
	p.state[p.name]++ // want "write to nil map field p.state: the Parser literal in parseOne omits state"
}

// Context is written through the value that reuse returns: its own
// parameter, the literal itself.
type Context struct {
	name      string
	instances map[string][]string
}

func reuse(parent Context) Context {
	return parent
}

func Start(name string) Context {
	ctx := reuse(Context{name: name})
	ctx.load("a")
	return ctx
}

func (ctx Context) load(id string) {
	ctx.instances[id] = append(ctx.instances[id], ctx.name) // want "write to nil map field ctx.instances: the Context literal in Start"
}
