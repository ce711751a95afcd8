package e2e

import (
	"testing"

	"example.com/tsp/e2e/fake"
)

func TestStore(t *testing.T) {
	if fake.Store("x")["name"] != "x" {
		t.Fatal("no name")
	}
}
