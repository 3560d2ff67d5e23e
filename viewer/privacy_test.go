package viewer

import (
	"bytes"
	"context"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// everyOutput renders input (OTLP JSON lines) in every form the viewer
// has: trees, trace headers, summary, HTML page.
func everyOutput(t *testing.T, input []byte) string {
	t.Helper()
	var out bytes.Buffer
	page := NewHTMLWriter(&out)
	v := New(func(tr *Trace) {
		page.AddTrace(tr)
		for _, w := range []int{60, 100, 160} {
			_ = WriteTraceHeader(&out, tr, WithWidth(w))
			_ = WriteTree(&out, tr, WithWidth(w), WithColor(w == 100))
		}
	})
	if err := v.Read(bytes.NewReader(input)); err != nil {
		t.Fatal(err)
	}
	v.Flush()
	_ = WriteSummary(&out, v.Summary(), WithWidth(160))
	if err := page.Close(v.Summary()); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestPrivacyCanary(t *testing.T) {
	raw := both().Snapshots()
	rawJSON := otlpJSON(t, raw)
	if !bytes.Contains(rawJSON, []byte(canary)) {
		t.Fatal("the canary is not in the input: the test would prove nothing")
	}
	sent := filtered(t, both())
	if b := otlpJSON(t, sent); bytes.Contains(b, []byte(canary)) {
		t.Fatal("the filter let the canary through")
	}

	t.Run("debug tree, after the filter", func(t *testing.T) {
		var buf bytes.Buffer
		exp := NewTreeExporter(&buf, WithWidth(160))
		if err := exp.ExportSpans(context.Background(), sent); err != nil {
			t.Fatal(err)
		}
		_ = exp.Shutdown(context.Background())
		if !strings.Contains(buf.String(), "execute_tool run_tests") || strings.Contains(buf.String(), canary) {
			t.Errorf("tree:\n%s", buf.String())
		}
	})
	t.Run("viewer on what was sent", func(t *testing.T) {
		out := everyOutput(t, otlpJSON(t, sent))
		if !strings.Contains(out, "execute_tool run_tests") || strings.Contains(out, canary) {
			t.Errorf("the canary is in the viewer's output")
		}
	})
	// A file written without otelagent's filter (another program's, or
	// content capture opted in): the viewer shows names, counts, durations
	// and error classes, never content or error messages.
	t.Run("viewer on an unfiltered file", func(t *testing.T) {
		out := everyOutput(t, rawJSON)
		if i := strings.Index(out, canary); i >= 0 {
			t.Errorf("the canary is in the viewer's output: …%s…", out[max(i-200, 0):i+len(canary)])
		}
	})
	t.Run("tree exporter without a filter", func(t *testing.T) {
		var buf bytes.Buffer
		exp := NewTreeExporter(&buf, WithWidth(160))
		_ = exp.ExportSpans(context.Background(), []sdktrace.ReadOnlySpan(raw))
		if strings.Contains(buf.String(), canary) {
			t.Errorf("tree:\n%s", buf.String())
		}
	})
}
