package otelagent_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

func TestToolCall(t *testing.T) {
	const canary = "canary-error-/home/alice/.ssh/id_rsa"
	tests := []struct {
		name       string
		err        error
		wantStatus codes.Code
		wantType   string
	}{
		{"ok", nil, codes.Unset, ""},
		{"failed", errors.New(canary), codes.Error, "_OTHER"},
		{"timeout", context.DeadlineExceeded, codes.Error, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			ctx, call := h.tel.StartToolCall(context.Background(), otelagent.Tool{Name: "read_file", Type: "function", CallID: "call_9"})
			if ctx == context.Background() {
				t.Error("StartToolCall did not return a span context")
			}
			time.Sleep(2 * time.Millisecond)
			call.End(tt.err)
			call.End(nil)

			span := h.span("execute_tool read_file")
			attrs := attrMap(span.Attributes())
			for k, v := range map[string]string{
				string(semconv.GenAIOperationNameKey): "execute_tool",
				string(semconv.GenAIToolNameKey):      "read_file",
				string(semconv.GenAIToolTypeKey):      "function",
				string(semconv.GenAIToolCallIDKey):    "call_9",
			} {
				if got := attrs[attributeKey(k)].AsString(); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if span.Status().Code != tt.wantStatus || span.Status().Description != tt.wantType {
				t.Errorf("status %+v", span.Status())
			}
			for _, kv := range span.Attributes() {
				if strings.Contains(kv.Value.Emit(), "canary") {
					t.Errorf("error message exported in %s", kv.Key)
				}
			}
			if len(span.Events()) != 0 {
				t.Error("tool span has events")
			}

			dur := h.metric(semconv.ExecuteToolDurationName)
			hist := dur.Data.(metricdata.Histogram[float64])
			if dur.Unit != "s" || len(hist.DataPoints) != 1 || hist.DataPoints[0].Sum < 0.002 {
				t.Fatalf("tool duration %s %+v", dur.Unit, hist.DataPoints)
			}
			a := setMap(hist.DataPoints[0].Attributes)
			if a[semconv.GenAIToolNameKey].AsString() != "read_file" || a[semconv.ErrorTypeKey].AsString() != tt.wantType {
				t.Errorf("duration attributes %v", a)
			}
		})
	}
}

// TestSpanStartBuffersAreReused: span start attributes are built in
// recycled buffers; a span keeps its own attributes however many spans
// start after it, while it is still open.
func TestSpanStartBuffersAreReused(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var calls []*otelagent.ToolCall
	for i := range 20 {
		_, c := h.tel.StartToolCall(ctx, otelagent.Tool{Name: fmt.Sprintf("tool_%c", 'a'+i), CallID: fmt.Sprintf("call_%d", i)})
		calls = append(calls, c)
	}
	for _, c := range calls {
		c.End(nil)
	}
	for i, s := range h.ended() {
		attrs := attrMap(s.Attributes())
		if got, want := attrs[semconv.GenAIToolNameKey].AsString(), fmt.Sprintf("tool_%c", 'a'+i); got != want {
			t.Errorf("span %d: gen_ai.tool.name %q, want %q", i, got, want)
		}
		if got, want := attrs[semconv.GenAIToolCallIDKey].AsString(), fmt.Sprintf("call_%d", i); got != want {
			t.Errorf("span %d: gen_ai.tool.call.id %q, want %q", i, got, want)
		}
	}
}
