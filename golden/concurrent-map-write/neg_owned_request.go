package p

import (
	"bufio"
	"net"
	"strings"
)

// Each connection is served by a child of its own. The child keeps its
// requests in a map field; a request's params are filled by the child's
// goroutine before the request is handed to its own goroutine, and never
// written after that.
type request struct {
	id     int
	raw    []string
	params map[string]string
}

func newRequest(id int) *request {
	return &request{id: id, params: map[string]string{}}
}

func (r *request) parseParams() {
	for _, kv := range r.raw {
		k, v, _ := strings.Cut(kv, "=")
		r.params[k] = v
	}
	r.raw = nil
}

type child struct {
	conn     net.Conn
	requests map[int]*request
}

func newChild(conn net.Conn) *child {
	return &child{conn: conn, requests: map[int]*request{}}
}

func (c *child) handleLine(id int, line string) {
	req, ok := c.requests[id]
	if !ok {
		req = newRequest(id)
		c.requests[id] = req
	}
	switch {
	case line == "":
		req.parseParams()
	case line == "go":
		delete(c.requests, id)
		go c.serveRequest(req)
	default:
		req.raw = append(req.raw, line)
	}
}

func (c *child) serveRequest(req *request) {
	_ = len(req.params)
}

func (c *child) serve() {
	defer c.conn.Close()
	sc := bufio.NewScanner(c.conn)
	for sc.Scan() {
		c.handleLine(0, sc.Text())
	}
}

func Serve(l net.Listener) error {
	for {
		conn, err := l.Accept()
		if err != nil {
			return err
		}
		c := newChild(conn)
		go c.serve()
	}
}
