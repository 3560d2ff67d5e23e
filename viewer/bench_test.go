package viewer

import (
	"bytes"
	"context"
	"testing"
)

// BenchmarkRead reads the demo's run as a collector writes it (one
// request per line), summary and trees built, nothing rendered.
func BenchmarkRead(b *testing.B) {
	input := otlpJSON(b, filtered(b, demoRun()))
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	for b.Loop() {
		v := New(func(*Trace) {})
		if err := v.Read(bytes.NewReader(input)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTreeExporter is what --debug adds per span: the span converted
// and held, and the tree rendered when the root ends.
func BenchmarkTreeExporter(b *testing.B) {
	spans := filtered(b, demoRun())
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		exp := NewTreeExporter(&buf, WithWidth(100))
		if err := exp.ExportSpans(context.Background(), spans); err != nil {
			b.Fatal(err)
		}
	}
}
