package otelagent_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

func TestRecordMCPOperation(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.tel.RecordMCPOperation(ctx, otelagent.MCPOperation{Side: otelagent.MCPClient, Method: "tools/call", ToolName: "search"}, 250*time.Millisecond, nil)
	h.tel.RecordMCPOperation(ctx, otelagent.MCPOperation{Side: otelagent.MCPClient, Method: "initialize", ToolName: "ignored"}, time.Millisecond, nil)
	h.tel.RecordMCPOperation(ctx, otelagent.MCPOperation{Side: otelagent.MCPServer, Method: "tools/call", ToolName: "search"},
		100*time.Millisecond, otelagent.WithErrorType(errors.New("bad args: /home/alice"), semconv.ErrorTypeToolError))
	h.tel.RecordMCPOperation(ctx, otelagent.MCPOperation{Side: otelagent.MCPServer, Method: "x-vendor/secret?q=alice"}, time.Millisecond, nil)

	type point struct {
		attrs map[attribute.Key]attribute.Value
		sum   float64
	}
	points := func(name string) []point {
		var out []point
		for _, p := range h.metric(name).Data.(metricdata.Histogram[float64]).DataPoints {
			out = append(out, point{setMap(p.Attributes), p.Sum})
		}
		return out
	}
	client := points(semconv.MCPClientOperationDurationName)
	if len(client) != 2 {
		t.Fatalf("client points %+v", client)
	}
	for _, p := range client {
		switch p.attrs[semconv.MCPMethodNameKey].AsString() {
		case "tools/call":
			if p.attrs[semconv.GenAIToolNameKey].AsString() != "search" || p.attrs[semconv.GenAIOperationNameKey].AsString() != "execute_tool" || p.sum != 0.25 {
				t.Errorf("tools/call point %+v", p)
			}
		case "initialize":
			if _, ok := p.attrs[semconv.GenAIToolNameKey]; ok {
				t.Errorf("initialize carries a tool name: %+v", p)
			}
		default:
			t.Errorf("unexpected client point %+v", p)
		}
	}
	server := points(semconv.MCPServerOperationDurationName)
	methods := map[string]string{}
	for _, p := range server {
		methods[p.attrs[semconv.MCPMethodNameKey].AsString()] = p.attrs[semconv.ErrorTypeKey].AsString()
	}
	if len(methods) != 2 || methods["tools/call"] != "tool_error" || methods["_OTHER"] != "" {
		t.Errorf("server points by method (error.type): %v", methods)
	}
}
