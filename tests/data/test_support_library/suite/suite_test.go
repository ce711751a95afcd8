package suite

import (
	"testing"

	"example.com/tsl/framework"
)

func TestLabels(t *testing.T) {
	if framework.Labels(t, "x")["test"] != "x" {
		t.Fatal("no label")
	}
}
