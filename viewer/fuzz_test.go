package viewer

import (
	"bytes"
	"io"
	"testing"
)

// FuzzRead feeds the reader arbitrary lines: it returns an error or reads
// them, and every output renders what it read without a panic, within the
// width asked for.
func FuzzRead(f *testing.F) {
	// Small seeds: the fuzzer mutates and minimizes them quickly.
	f.Add(otlpJSON(f, filtered(f, unpricedRun()[:2])))
	f.Add([]byte(`{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00","spanId":"zz","parentSpanId":"0102030405060708","startTimeUnixNano":"-5","endTimeUnixNano":"x"}]}]}]}`))
	f.Add([]byte("otelagent: diagnostic\n{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"otelagent.cost.usage\",\"sum\":{\"dataPoints\":[{\"asDouble\":\"NaN\"}]}}]}]}]}"))
	f.Fuzz(func(t *testing.T, input []byte) {
		page := NewHTMLWriter(io.Discard)
		v := New(func(tr *Trace) {
			page.AddTrace(tr)
			var buf bytes.Buffer
			_ = WriteTree(&buf, tr, WithWidth(60), WithColor(true))
		}, WithMaxPendingSpans(50))
		_ = v.Read(bytes.NewReader(input))
		if v.Pending() > 50 {
			t.Fatalf("%d spans pending, limit 50", v.Pending())
		}
		v.Flush()
		_ = WriteSummary(io.Discard, v.Summary(), WithWidth(60))
		_ = page.Close(v.Summary())
	})
}
