package job

import (
	"crypto/sha256"
	"os"
	"testing"
	"text/template"

	"example.com/unlinked/internal/redact"
)

func TestCount(t *testing.T) {
	r := redact.New()
	Run(r)
	if got := r.Count(); got != 1 {
		t.Fatal(got)
	}
}

// The test binary links redact, but fi.Size is os.FileInfo's, sha256.Size
// a constant and Length: a key of job's own struct: none is a Redactor's.
func TestStat(t *testing.T) {
	fi, err := os.Stat("job.go")
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() == 0 || sha256.Size == 0 {
		t.Fatal("empty")
	}
	if size(&chunk{Length: int(fi.Size())}) == 0 {
		t.Fatal("no length")
	}
}

// A template calls Summary by its name.
func TestSummary(t *testing.T) {
	tmpl := template.Must(template.New("s").Parse("{{.Summary}}\n"))
	if err := tmpl.Execute(os.Stdout, redact.New()); err != nil {
		t.Fatal(err)
	}
}
