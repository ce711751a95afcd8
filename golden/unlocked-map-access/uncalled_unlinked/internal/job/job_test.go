package job

import (
	"testing"

	"example.com/unlinked/internal/redact"
)

func TestCount(t *testing.T) {
	r := redact.New()
	Run(r)
	if got := r.Count(); got != 1 {
		t.Fatal(got)
	}
}
