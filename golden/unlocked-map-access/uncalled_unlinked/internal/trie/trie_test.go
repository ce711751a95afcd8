package trie

import "testing"

func TestSize(t *testing.T) {
	tr := Build("a", "b")
	if tr.Size() != 2 {
		t.Fatal(tr.Size())
	}
}
