package semconv

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's telemetry table from the catalog")

const (
	tableBegin = "<!-- BEGIN TELEMETRY TABLE -->\n"
	tableEnd   = "<!-- END TELEMETRY TABLE -->"
)

// The README's table of what is sent is generated from the catalog; it must
// not drift from the code.
func TestREADMETable(t *testing.T) {
	const path = "../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	begin, end := strings.Index(readme, tableBegin), strings.Index(readme, tableEnd)
	if begin < 0 || end < begin {
		t.Fatalf("README.md lacks the %q ... %q markers", tableBegin, tableEnd)
	}
	var b strings.Builder
	if err := WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	want := b.String()
	got := readme[begin+len(tableBegin) : end]
	if got == want {
		return
	}
	if !*update {
		t.Fatalf("README.md telemetry table is out of date; run: go test ./semconv -run README -update")
	}
	readme = readme[:begin+len(tableBegin)] + want + readme[end:]
	if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
		t.Fatal(err)
	}
}
