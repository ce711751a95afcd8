package p

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Near miss of a fixture: the handler itself writes the map, and several
// requests can run at once.
type fakeRegistry struct {
	blobs map[string][]byte
}

func (r *fakeRegistry) upload(w http.ResponseWriter, req *http.Request) {
	r.blobs[req.URL.Path] = []byte("uploaded") // want "concurrent write to map r.blobs"
}

func (r *fakeRegistry) push(name string, content []byte) {
	r.blobs[name] = content // want "concurrent write to map r.blobs"
}

func TestUpload(t *testing.T) {
	r := &fakeRegistry{blobs: map[string][]byte{}}
	srv := httptest.NewServer(http.HandlerFunc(r.upload))
	defer srv.Close()
	r.push("/a", []byte("x"))
	if _, err := http.Post(srv.URL+"/a", "text/plain", nil); err != nil {
		t.Fatal(err)
	}
}
