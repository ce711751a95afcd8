// A method returns a closure that writes through its parameter; the one place
// that keeps the closure calls it only with requests built with the map.

package p

type Request struct {
	URL    string
	Header map[string][]string
}

func NewRequest(url string) *Request {
	return &Request{URL: url}
}

type Client struct{ keep bool }

func (c *Client) headersCopier(first *Request) func(req *Request) {
	initial := first.Header
	return func(req *Request) {
		for k, vv := range initial {
			if c.keep || k != "Authorization" {
				req.Header[k] = vv
			}
		}
	}
}

func (c *Client) Follow(first *Request, urls []string) []*Request {
	var (
		reqs        []*Request
		copyHeaders = c.headersCopier(first)
	)
	for _, u := range urls {
		req := &Request{URL: u, Header: make(map[string][]string)}
		copyHeaders(req)
		reqs = append(reqs, req)
	}
	return reqs
}
