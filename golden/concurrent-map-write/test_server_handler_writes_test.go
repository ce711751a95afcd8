package p

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// A fake registry whose handler and whose push both write the map. The
// test drives the handler (one request after another), so the handler's
// write races only with what the test's own goroutines do: here two of
// them push at once, so the map is raced.
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
	var wg sync.WaitGroup
	for _, name := range []string{"/a", "/b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.push(name, []byte("x"))
		}()
	}
	wg.Wait()
	if _, err := http.Post(srv.URL+"/a", "text/plain", nil); err != nil {
		t.Fatal(err)
	}
}
