package server

// The internal client is handed to a declared function that delivers
// through it: the value reaches the write.
type parseState struct {
	pa string
}

type client struct {
	parseState
	pcd map[*client]struct{}
}

func newClient() *client {
	c := &client{}
	c.initClient()
	return c
}

func (c *client) initClient() { c.pcd = make(map[*client]struct{}) }

func (c *client) addToPCD(o *client) {
	c.pcd[o] = struct{}{} // want "write to nil map field c.pcd: the client literal in serve omits pcd"
}

func deliver(c, o *client) { c.addToPCD(o) }

func serve(subjects []string) {
	c := &client{}
	for _, s := range subjects {
		c.pa = s
		deliver(c, newClient())
	}
}
