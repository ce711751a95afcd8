package p

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// The handler of a fake server writes the map, and the test pushes before
// it sends its one request and waits for the answer: the test decides when
// the handler runs, and starts no goroutine of its own that reaches the
// map (go test -race runs this very test and would see a race it made).
type fakeStore struct {
	objects map[string][]byte
}

func (s *fakeStore) put(w http.ResponseWriter, req *http.Request) {
	s.objects[req.URL.Path] = []byte("stored")
}

func (s *fakeStore) seed(name string, content []byte) {
	s.objects[name] = content
}

func TestPut(t *testing.T) {
	s := &fakeStore{objects: map[string][]byte{}}
	srv := httptest.NewServer(http.HandlerFunc(s.put))
	defer srv.Close()
	s.seed("/a", []byte("x"))
	if _, err := http.Post(srv.URL+"/a", "text/plain", nil); err != nil {
		t.Fatal(err)
	}
}
