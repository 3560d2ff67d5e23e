package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/otelagent/otelagent-go/semconv"
)

func TestListingFitsTheTerminal(t *testing.T) {
	for _, width := range []int{60, 80, 120} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			var buf bytes.Buffer
			if err := writeListing(&buf, semconv.SchemaLatestDup.Catalog(), width); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for i, l := range strings.Split(out, "\n") {
				if n := utf8.RuneCountInString(l); n > width {
					t.Errorf("line %d is %d columns, more than %d: %q", i+1, n, width, l)
				}
			}
			// Every name is there, whole, at the start of its own line.
			var names []string
			cat := semconv.SchemaLatestDup.Catalog()
			for _, s := range cat.Spans() {
				names = append(names, s.Name)
			}
			for _, m := range cat.Metrics() {
				names = append(names, m.Name)
			}
			for _, a := range cat.Attributes() {
				names = append(names, string(a.Key))
			}
			for _, name := range names {
				if !strings.Contains(out, "\n  "+name+" ") && !strings.Contains(out, "\n  "+name+"\n") {
					t.Errorf("%q has no line of its own", name)
				}
			}
		})
	}
}

func TestTelemetryMarkdownFlag(t *testing.T) {
	t.Setenv("DO_NOT_TRACK", "1")
	var stdout, stderr bytes.Buffer
	if code := cli(context.Background(), []string{"telemetry", "--markdown"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var md bytes.Buffer
	if err := semconv.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), md.String()) {
		t.Errorf("--markdown does not print the README's tables:\n%s", stdout.String())
	}
	stdout.Reset()
	t.Setenv("COLUMNS", "80")
	if code := cli(context.Background(), []string{"telemetry"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if strings.Contains(stdout.String(), "|---|") {
		t.Errorf("Markdown without --markdown:\n%s", stdout.String())
	}
	for i, l := range strings.Split(stdout.String(), "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("line %d is %d columns with COLUMNS=80: %q", i+1, n, l)
		}
	}
}
