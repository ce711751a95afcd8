package p

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// A fake server's fixtures: the test writes them, then makes the requests
// that make the handlers read them.
type fakeRegistry struct {
	blobs map[string][]byte
}

func (r *fakeRegistry) serveBlob(w http.ResponseWriter, req *http.Request) {
	w.Write(r.blobs[req.URL.Path])
}

func (r *fakeRegistry) push(name string, content []byte) {
	r.blobs[name] = content
}

func TestFetch(t *testing.T) {
	r := &fakeRegistry{blobs: map[string][]byte{}}
	srv := httptest.NewServer(http.HandlerFunc(r.serveBlob))
	defer srv.Close()
	r.push("/a", []byte("x"))
	resp, err := http.Get(srv.URL + "/a")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	io.ReadAll(resp.Body)
}
