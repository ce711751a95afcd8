package e2e

import (
	"testing"

	"example.com/tsp/e2e/framework"
)

func TestLabels(t *testing.T) {
	if framework.Labels(t, "x")["test"] != "x" {
		t.Fatal("no label")
	}
}
