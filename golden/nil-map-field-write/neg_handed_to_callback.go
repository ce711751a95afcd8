package server

// An internal client is built without the maps that initClient makes and
// handed only to a callback taken from a subscription: which function runs
// is not known, so the call is no evidence that it reaches the write.
type msgHandler func(sub *subscription, c *client, subject string)

type subscription struct {
	icb msgHandler
}

type parseState struct {
	pa string
}

type client struct {
	parseState
	pcd map[*client]struct{}
}

type request struct {
	sub  *subscription
	subj string
}

func newClient() *client {
	c := &client{}
	c.initClient()
	return c
}

func (c *client) initClient() { c.pcd = make(map[*client]struct{}) }

func (c *client) addToPCD(o *client) {
	c.pcd[o] = struct{}{}
}

func (c *client) Deliver(o *client) { c.addToPCD(o) }

func serve(requests []*request) {
	c := &client{}
	for _, r := range requests {
		c.pa = r.subj
		r.sub.icb(r.sub, c, r.subj)
	}
}
