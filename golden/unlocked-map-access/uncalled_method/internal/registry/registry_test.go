package registry

import "testing"

func TestKeys(t *testing.T) {
	r := New()
	go r.Add("a")
	_ = r.Keys()
}
