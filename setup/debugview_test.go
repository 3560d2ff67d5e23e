package setup_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
	"github.com/otelagent/otelagent-go/setup"
	"github.com/otelagent/otelagent-go/viewer"
)

// The debug log holds the exact record as OTLP JSON lines, spans and
// metrics, as the collector's file exporter writes them; the viewer reads
// it back as the tree --debug shows.
func TestDebugLogIsOTLPJSONLines(t *testing.T) {
	home := isolate(t)
	r := newReceiver(t)
	path := filepath.Join(home, "debug.jsonl")
	p, err := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithDebugLogFile(path), setup.WithDiagnostics(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	record(p.Telemetry())
	_ = p.Shutdown(context.Background())
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	spans, points := 0, 0
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		switch {
		case strings.HasPrefix(line, `{"resourceSpans"`):
			req, err := otlpconv.ParseTracesJSON([]byte(line))
			if err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}
			spans += otlpconv.SpanCount(req)
		case strings.HasPrefix(line, `{"resourceMetrics"`):
			req, err := otlpconv.ParseMetricsJSON([]byte(line))
			if err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}
			for _, rm := range req {
				points += otlpconv.DataPointCount(rm)
			}
		default:
			t.Errorf("line %d is not an OTLP JSON request: %.120q", i+1, line)
		}
	}
	if spans != 4 || points == 0 {
		t.Errorf("the debug log holds %d spans and %d data points, want 4 spans and the metrics", spans, points)
	}
	if bytes.Contains(data, []byte("canary-path")) {
		t.Error("the debug log holds an error message")
	}

	var tree bytes.Buffer
	v := viewer.New(func(tr *viewer.Trace) { _ = viewer.WriteTree(&tree, tr, viewer.WithWidth(100)) })
	if err := v.Read(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"run ", "└─ invoke_agent coder", "100 in / 20 out", "total  1 session · 1 chat · 1 tool (1 failed)"} {
		if !strings.Contains(tree.String(), want) {
			t.Errorf("the tree of the debug log lacks %q:\n%s", want, tree.String())
		}
	}
}
