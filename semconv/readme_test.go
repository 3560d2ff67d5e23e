package semconv

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's telemetry tables from the catalogs")

// markers returns the README markers around s's table; the default
// schema's keep their original spelling.
func markers(s Schema) (begin, end string) {
	suffix := ""
	if s != SchemaDefault {
		suffix = " " + s.String()
	}
	return "<!-- BEGIN TELEMETRY TABLE" + suffix + " -->\n", "<!-- END TELEMETRY TABLE" + suffix + " -->"
}

// The README's tables of what is sent, one per schema, are generated from
// the catalogs; they must not drift from the code.
func TestREADMETable(t *testing.T) {
	const path = "../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	changed := false
	for s := range Schema(numSchemas) {
		tableBegin, tableEnd := markers(s)
		begin, end := strings.Index(readme, tableBegin), strings.Index(readme, tableEnd)
		if begin < 0 || end < begin {
			t.Fatalf("README.md lacks the %q ... %q markers", tableBegin, tableEnd)
		}
		var b strings.Builder
		if err := s.Catalog().WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		want := b.String()
		if readme[begin+len(tableBegin):end] == want {
			continue
		}
		if !*update {
			t.Fatalf("README.md telemetry table of schema %s is out of date; run: go test ./semconv -run README -update", s)
		}
		readme = readme[:begin+len(tableBegin)] + want + readme[end:]
		changed = true
	}
	if changed {
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
