package otelmcp_test

import (
	"context"
	"errors"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"

	otelmcp "github.com/otelagent/otelagent-go/adapters/mcp"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// TestMain sets the global propagator, as a program does (setup, or
// otel.SetTextMapPropagator): the adapters use it unless WithPropagator is
// given.
func TestMain(m *testing.M) {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	goleak.VerifyTestMain(m)
}

// Canaries: content that passes through the tools and must never be exported.
const (
	canaryArgument = "CANARY-ARGUMENT-4f1d"
	canaryResult   = "CANARY-RESULT-9b2e"
	canaryFailure  = "CANARY-FAILURE-77ac"
)

type echoIn struct {
	Text string `json:"text"`
}

// newServer returns a server with an "echo" tool that succeeds and a "fail"
// tool whose result has isError set. handlerSpans receives the span context
// each handler ran with.
func newServer(opts []otelmcp.Option, handlerSpans chan<- trace.SpanContext) *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "tools", Version: "v0.0.1"}, nil)
	s.AddReceivingMiddleware(otelmcp.ServerMiddleware(opts...))
	mcp.AddTool(s, &mcp.Tool{Name: "echo", Description: "Echoes its text."}, func(ctx context.Context, _ *mcp.CallToolRequest, in echoIn) (*mcp.CallToolResult, any, error) {
		handlerSpans <- trace.SpanContextFromContext(ctx)
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: in.Text + " " + canaryResult}}}, nil, nil
	})
	mcp.AddTool(s, &mcp.Tool{Name: "fail"}, func(ctx context.Context, _ *mcp.CallToolRequest, _ echoIn) (*mcp.CallToolResult, any, error) {
		handlerSpans <- trace.SpanContextFromContext(ctx)
		return nil, nil, errors.New(canaryFailure)
	})
	return s
}

// connect connects a client with opts to server over the SDK's in-memory
// transport; both sessions are closed when the test ends.
func connect(t *testing.T, server *mcp.Server, opts ...otelmcp.Option) *mcp.ClientSession {
	t.Helper()
	ctx := context.Background()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := server.Connect(ctx, st, nil)
	if err != nil {
		t.Fatalf("server.Connect: %v", err)
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "v0.0.1"}, nil)
	client.AddSendingMiddleware(otelmcp.ClientMiddleware(opts...))
	cs, err := client.Connect(ctx, ct, nil)
	if err != nil {
		_ = ss.Close()
		t.Fatalf("client.Connect: %v", err)
	}
	t.Cleanup(func() {
		_ = cs.Close()
		_ = ss.Wait()
	})
	return cs
}

func TestToolCallsAcrossClientAndServer(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcp.Option{otelmcp.WithTelemetry(h.Telemetry())}
	handlerSpans := make(chan trace.SpanContext, 2)
	cs := connect(t, newServer(opts, handlerSpans), opts...)

	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	okParams := &mcp.CallToolParams{Name: "echo", Arguments: echoIn{Text: canaryArgument}}
	res, err := cs.CallTool(ctx, okParams)
	if err != nil || res.IsError {
		t.Fatalf("CallTool(echo) = %v, %v; want a successful result", res, err)
	}
	// The SDK adds its own _meta keys to the caller's params; the
	// middleware adds its to a copy.
	if _, ok := okParams.Meta["traceparent"]; ok {
		t.Errorf("CallTool(echo) put a traceparent in the caller's params: _meta = %v", okParams.Meta)
	}
	res, err = cs.CallTool(ctx, &mcp.CallToolParams{Name: "fail", Arguments: echoIn{Text: canaryArgument}})
	if err != nil || !res.IsError {
		t.Fatalf("CallTool(fail) = %v, %v; want a result with isError set", res, err)
	}
	session.End(nil)

	sessionSpan := h.Span(semconv.SpanNameInvokeAgent("coder"))
	if got := h.SpansByOperation(semconv.OperationExecuteTool); len(got) != 6 {
		t.Fatalf("got %d execute_tool spans, want 6 (per call: the client's and the server's MCP spans, and the server's execution)", len(got))
	}
	for _, tc := range []struct {
		tool        string
		wantStatus  codes.Code
		wantErrType string
	}{
		{tool: "echo", wantStatus: codes.Unset},
		{tool: "fail", wantStatus: codes.Error, wantErrType: "tool_error"},
	} {
		t.Run(tc.tool, func(t *testing.T) {
			client, server, exec := clientAndServer(t, h, tc.tool)
			if got, want := client.Parent().SpanID(), sessionSpan.SpanContext().SpanID(); got != want {
				t.Errorf("client span's parent = %v, want the session span %v", got, want)
			}
			if !server.Parent().IsRemote() || server.Parent().SpanID() != client.SpanContext().SpanID() {
				t.Errorf("server span's parent = %v (remote %v), want the client span %v carried in _meta",
					server.Parent().SpanID(), server.Parent().IsRemote(), client.SpanContext().SpanID())
			}
			if exec.Parent().SpanID() != server.SpanContext().SpanID() {
				t.Errorf("the tool's execute_tool span is not the SERVER span's child")
			}
			for _, s := range []sdktrace.ReadOnlySpan{client, server, exec} {
				if s.SpanContext().TraceID() != sessionSpan.SpanContext().TraceID() {
					t.Errorf("%s span is in trace %v, want the session's %v", s.Name(), s.SpanContext().TraceID(), sessionSpan.SpanContext().TraceID())
				}
				if s.Status().Code != tc.wantStatus {
					t.Errorf("%s status = %v, want %v", s.Name(), s.Status(), tc.wantStatus)
				}
				got, _ := otelagenttest.Attr(s, semconv.ErrorTypeKey)
				if got.AsString() != tc.wantErrType {
					t.Errorf("%s error.type = %q, want %q", s.Name(), got.AsString(), tc.wantErrType)
				}
				h.AssertAttributes(s, semconv.GenAIToolNameKey.String(tc.tool))
			}
			if handler := <-handlerSpans; handler.SpanID() != exec.SpanContext().SpanID() {
				t.Errorf("tool handler ran in span %v, want the server's execute_tool span %v", handler.SpanID(), exec.SpanContext().SpanID())
			}
		})
	}
	// The server's own description of its tool is on the execution span.
	_, _, echoExec := clientAndServer(t, h, "echo")
	h.AssertAttributes(echoExec, semconv.GenAIToolDescriptionKey.String("Echoes its text."))
	if v, _ := otelagenttest.Attr(sessionSpan, semconv.SessionToolCallsKey); v.AsInt64() != 2 {
		t.Errorf("session counted %d tool calls, want 2 (the client's)", v.AsInt64())
	}
	h.AssertNotExported(canaryArgument, canaryResult, canaryFailure)
}

func TestProtocolErrorIsClassedByCode(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcp.Option{otelmcp.WithTelemetry(h.Telemetry())}
	cs := connect(t, newServer(opts, make(chan trace.SpanContext, 1)), opts...)

	if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "no_such_tool"}); err == nil {
		t.Fatal("CallTool(no_such_tool) succeeded, want a JSON-RPC error")
	}
	client := h.Span(semconv.SpanNameMCP("tools/call", "no_such_tool"))
	var server sdktrace.ReadOnlySpan
	for _, s := range h.SpansByOperation(semconv.OperationExecuteTool) {
		if s.Parent().IsRemote() {
			server = s
		}
	}
	if server == nil {
		t.Fatal("no server span")
	}
	// The name is the client's choice, not one of the server's tools: the
	// server does not record it.
	if _, ok := otelagenttest.Attr(server, semconv.GenAIToolNameKey); ok || server.Name() != semconv.SpanNameMCP("tools/call", "") {
		t.Errorf("server span %q records the unknown tool's name", server.Name())
	}
	h.AssertAttributes(client, semconv.RPCResponseStatusCodeKey.String("-32602"))
	if m, ok := h.Metric(semconv.MCPServerOperationDurationName); ok {
		for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
			if v, _ := p.Attributes.Value(semconv.GenAIToolNameKey); v.AsString() == "no_such_tool" {
				t.Errorf("the server's metric records the unknown tool's name: %v", p.Attributes.ToSlice())
			}
		}
	}
	for _, s := range []sdktrace.ReadOnlySpan{client, server} {
		if s.Status().Code != codes.Error {
			t.Errorf("%s status = %v, want Error", s.Name(), s.Status())
		}
		// -32602 is JSON-RPC "invalid params", which the SDK answers for an
		// unknown tool.
		h.AssertAttributes(s, semconv.ErrorTypeKey.String("-32602"))
	}
	h.AssertNotExported("unknown tool")
}

// clientAndServer returns the client's CLIENT span of a tools/call of
// tool, the server's SERVER span (its parent is remote) and the server's
// execute_tool span of the tool's execution.
func clientAndServer(t *testing.T, h *otelagenttest.Harness, tool string) (client, server, exec sdktrace.ReadOnlySpan) {
	t.Helper()
	for _, s := range h.SpansByOperation(semconv.OperationExecuteTool) {
		switch {
		case s.Name() == semconv.SpanNameExecuteTool(tool) && s.SpanKind() == trace.SpanKindInternal:
			exec = s
		case s.Name() != semconv.SpanNameMCP("tools/call", tool):
		case s.SpanKind() == trace.SpanKindServer && s.Parent().IsRemote():
			server = s
		case s.SpanKind() == trace.SpanKindClient:
			client = s
		}
	}
	if client == nil || server == nil || exec == nil {
		t.Fatalf("want client, server and execute_tool spans for %q, got %v, %v, %v", tool, client != nil, server != nil, exec != nil)
	}
	return client, server, exec
}

func TestServerWithoutTraceContextStartsItsOwnTrace(t *testing.T) {
	h := otelagenttest.New(t)
	handlerSpans := make(chan trace.SpanContext, 1)
	server := newServer([]otelmcp.Option{otelmcp.WithTelemetry(h.Telemetry())}, handlerSpans)
	// A client without the middleware sends no traceparent.
	st, ct := mcp.NewInMemoryTransports()
	ss, err := server.Connect(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "plain"}, nil).Connect(context.Background(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cs.Close(); _ = ss.Wait() }()

	if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "echo", Arguments: echoIn{Text: "hi"}}); err != nil {
		t.Fatal(err)
	}
	<-handlerSpans
	s := h.Span(semconv.SpanNameMCP("tools/call", "echo"))
	if s.Parent().IsValid() || s.SpanKind() != trace.SpanKindServer {
		t.Errorf("server span has parent %v (kind %v), want a root SERVER span", s.Parent(), s.SpanKind())
	}
}

func TestTelemetryOffSendsRequestUnchanged(t *testing.T) {
	off := otelagent.New(otelagent.WithTracerProvider(nil), otelagent.WithMeterProvider(nil))
	var seen map[string]any
	server := mcp.NewServer(&mcp.Implementation{Name: "tools"}, nil)
	mcp.AddTool(server, &mcp.Tool{Name: "echo"}, func(_ context.Context, req *mcp.CallToolRequest, _ echoIn) (*mcp.CallToolResult, any, error) {
		seen = req.Params.Meta
		return &mcp.CallToolResult{}, nil, nil
	})
	cs := connect(t, server, otelmcp.WithTelemetry(off))
	if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "echo"}); err != nil {
		t.Fatal(err)
	}
	if _, ok := seen["traceparent"]; ok {
		t.Errorf("server received _meta %v, want no traceparent when telemetry is off", seen)
	}
}
