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

// What a connection learns after the span started (a client's request id,
// its transport) is held to the same rules as what StartMCPRequest takes:
// the id to the id grammar, on the span only; the transport to its values,
// on the span and the operation metric; nothing after End.
func TestMCPCallSetRequestIDAndTransport(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		id, transport         string
		wantID, wantTransport string
	}{
		{id: "7", transport: semconv.NetworkTransportPipe, wantID: "7", wantTransport: "pipe"},
		{id: "/home/alice/.ssh/id_rsa", transport: "carrier-pigeon", wantID: "_OTHER"},
	} {
		_, call := h.tel.StartMCPRequest(context.Background(), otelagent.MCPRequest{Side: otelagent.MCPClient, Method: "ping"})
		call.SetRequestID(tc.id)
		call.SetTransport(tc.transport)
		call.End(nil)
		call.SetRequestID("late")
		call.SetTransport(semconv.NetworkTransportTCP)

		spans := h.ended()
		s := spans[len(spans)-1]
		attrs := map[attribute.Key]string{}
		for _, kv := range s.Attributes() {
			attrs[kv.Key] = kv.Value.Emit()
		}
		if attrs[semconv.JSONRPCRequestIDKey] != tc.wantID || attrs[semconv.NetworkTransportKey] != tc.wantTransport {
			t.Errorf("SetRequestID(%q), SetTransport(%q): span attributes %v, want id %q, transport %q",
				tc.id, tc.transport, attrs, tc.wantID, tc.wantTransport)
		}
	}
	var transports []string
	for _, p := range h.metric(semconv.MCPClientOperationDurationName).Data.(metricdata.Histogram[float64]).DataPoints {
		v, _ := p.Attributes.Value(semconv.NetworkTransportKey)
		transports = append(transports, v.AsString())
		if _, ok := p.Attributes.Value(semconv.JSONRPCRequestIDKey); ok {
			t.Errorf("the request id is on the metric: %v", p.Attributes.ToSlice())
		}
	}
	if len(transports) != 2 || (transports[0] != "pipe" && transports[1] != "pipe") {
		t.Errorf("metric points' network.transport %q, want one pipe and one without", transports)
	}
}
