package otelagenttest

import (
	"strings"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/semconv"
)

// Spans returns the spans that have ended, in the order they ended. Spans
// still open are not exported yet, so they are not included.
func (h *Harness) Spans() []sdktrace.ReadOnlySpan { return h.recorder.Ended() }

// SpansByOperation returns the ended spans whose gen_ai.operation.name is
// op ("chat", "execute_tool", "invoke_agent").
func (h *Harness) SpansByOperation(op string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range h.recorder.Ended() {
		if v, ok := Attr(s, semconv.GenAIOperationNameKey); ok && v.AsString() == op {
			out = append(out, s)
		}
	}
	return out
}

// Span returns the one ended span named name. It fails the test now if
// there is none or more than one.
func (h *Harness) Span(name string) sdktrace.ReadOnlySpan {
	h.tb.Helper()
	found := h.named(name)
	if len(found) != 1 {
		h.tb.Fatalf("otelagenttest: want one ended span %q, got %d (ended: %s)", name, len(found), h.spanNames())
		return nil
	}
	return found[0]
}

func (h *Harness) named(name string) []sdktrace.ReadOnlySpan {
	var found []sdktrace.ReadOnlySpan
	for _, s := range h.recorder.Ended() {
		if s.Name() == name {
			found = append(found, s)
		}
	}
	return found
}

func (h *Harness) spanNames() string {
	spans := h.recorder.Ended()
	names := make([]string, len(spans))
	for i, s := range spans {
		names[i] = `"` + s.Name() + `"`
	}
	return "[" + strings.Join(names, ", ") + "]"
}

// AssertChild checks that the one ended span named parentName exists and
// that every ended span named childName, of which there must be at least
// one, is its direct child.
func (h *Harness) AssertChild(parentName, childName string) {
	h.tb.Helper()
	parents := h.named(parentName)
	if len(parents) != 1 {
		h.tb.Errorf("otelagenttest: want one ended parent span %q, got %d (ended: %s)", parentName, len(parents), h.spanNames())
		return
	}
	children := h.named(childName)
	if len(children) == 0 {
		h.tb.Errorf("otelagenttest: no ended span %q under %q (ended: %s)", childName, parentName, h.spanNames())
		return
	}
	want := parents[0].SpanContext()
	for _, c := range children {
		if !sameSpan(c.Parent(), want) {
			h.tb.Errorf("otelagenttest: span %q is not a child of %q: its parent is %s", childName, parentName, h.describe(c.Parent()))
		}
	}
}

// AssertNoOrphans checks that every ended span is a root, a child of a
// remote span, or a child of a span that has ended too. An orphan is a span
// whose parent was never ended (its trace will be incomplete in a backend)
// or came from another provider.
func (h *Harness) AssertNoOrphans() {
	h.tb.Helper()
	ended := h.recorder.Ended()
	for _, s := range ended {
		p := s.Parent()
		if !p.IsValid() || p.IsRemote() {
			continue
		}
		found := false
		for _, q := range ended {
			if sameSpan(q.SpanContext(), p) {
				found = true
				break
			}
		}
		if !found {
			h.tb.Errorf("otelagenttest: span %q is an orphan: its parent is %s", s.Name(), h.describe(p))
		}
	}
}

func sameSpan(a, b trace.SpanContext) bool {
	return a.TraceID() == b.TraceID() && a.SpanID() == b.SpanID()
}

// describe names the span with context sc for a failure message.
func (h *Harness) describe(sc trace.SpanContext) string {
	if !sc.IsValid() {
		return "none (a root span)"
	}
	for _, s := range h.recorder.Ended() {
		if sameSpan(s.SpanContext(), sc) {
			return `"` + s.Name() + `"`
		}
	}
	for _, s := range h.recorder.Started() {
		if sameSpan(s.SpanContext(), sc) {
			return `"` + s.Name() + `", which has not ended`
		}
	}
	return "span " + sc.SpanID().String() + ", which this harness did not record"
}

// AssertAttributes checks that span has each of want with an equal value.
// Attributes not in want are ignored.
func (h *Harness) AssertAttributes(span sdktrace.ReadOnlySpan, want ...attribute.KeyValue) {
	h.tb.Helper()
	for _, kv := range want {
		got, ok := Attr(span, kv.Key)
		switch {
		case !ok:
			h.tb.Errorf("otelagenttest: span %q has no attribute %s, want %s", span.Name(), kv.Key, kv.Value.Emit())
		case !equal(got, kv.Value):
			h.tb.Errorf("otelagenttest: span %q attribute %s = %s (%s), want %s (%s)",
				span.Name(), kv.Key, got.Emit(), got.Type(), kv.Value.Emit(), kv.Value.Type())
		}
	}
}

// Attr returns the value of span's attribute key and whether it is set.
func Attr(span sdktrace.ReadOnlySpan, key attribute.Key) (attribute.Value, bool) {
	for _, kv := range span.Attributes() {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

// equal compares values by type and rendering: a Value holding a slice of
// Values panics under ==.
func equal(a, b attribute.Value) bool {
	return a.Type() == b.Type() && a.Emit() == b.Emit()
}
