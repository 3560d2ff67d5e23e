package otelmcpgo_test

import (
	"context"
	"errors"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/mcptest"
	"github.com/mark3labs/mcp-go/server"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"

	otelmcpgo "github.com/otelagent/otelagent-go/adapters/mcpgo"
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
	// echoDescription is the echo tool's description, which the server's
	// execute_tool span records.
	echoDescription = "Echoes its text argument."
)

// startServer starts, over mcp-go's stdio test harness, a server with an
// "echo" tool that succeeds, a "fail" tool whose result has isError set and
// a "crash" tool whose handler returns an error. handlerSpans receives the
// span context each handler ran with. The server stops when the test ends.
func startServer(t *testing.T, opts []otelmcpgo.Option, handlerSpans chan<- trace.SpanContext) *client.Client {
	t.Helper()
	s := mcptest.NewUnstartedServer(t)
	s.AddServerOptions(server.WithToolHandlerMiddleware(otelmcpgo.ToolMiddleware(opts...)))
	s.AddTool(mcp.NewTool("echo", mcp.WithString("text"), mcp.WithDescription(echoDescription)), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		handlerSpans <- trace.SpanContextFromContext(ctx)
		return mcp.NewToolResultText(req.GetString("text", "") + " " + canaryResult), nil
	})
	s.AddTool(mcp.NewTool("fail", mcp.WithString("text")), func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		handlerSpans <- trace.SpanContextFromContext(ctx)
		return mcp.NewToolResultError(canaryFailure), nil
	})
	s.AddTool(mcp.NewTool("crash", mcp.WithString("text")), func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		handlerSpans <- trace.SpanContextFromContext(ctx)
		return nil, errors.New(canaryFailure)
	})
	if err := s.Start(context.Background()); err != nil {
		t.Fatalf("start MCP test server: %v", err)
	}
	t.Cleanup(s.Close)
	return s.Client()
}

func callTool(ctx context.Context, c client.MCPClient, name string) (*mcp.CallToolResult, error) {
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = map[string]any{"text": canaryArgument}
	return c.CallTool(ctx, req)
}

func TestToolCallsAcrossClientAndServer(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	handlerSpans := make(chan trace.SpanContext, 3)
	c := otelmcpgo.WrapClient(startServer(t, opts, handlerSpans), opts...)

	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	if res, err := callTool(ctx, c, "echo"); err != nil || res.IsError {
		t.Fatalf("CallTool(echo) = %v, %v; want a successful result", res, err)
	}
	if res, err := callTool(ctx, c, "fail"); err != nil || !res.IsError {
		t.Fatalf("CallTool(fail) = %v, %v; want a result with isError set", res, err)
	}
	if _, err := callTool(ctx, c, "crash"); err == nil {
		t.Fatal("CallTool(crash) succeeded, want an error")
	}
	session.End(nil)

	sessionSpan := h.Span(semconv.SpanNameInvokeAgent("coder"))
	if got := h.SpansByOperation(semconv.OperationExecuteTool); len(got) != 9 {
		t.Fatalf("got %d execute_tool spans, want 9 (per call: the client's and the server's MCP spans, and the server's execution)", len(got))
	}
	for _, tc := range []struct {
		tool                   string
		wantStatus             codes.Code
		wantClient, wantServer string // error.type
	}{
		{tool: "echo", wantStatus: codes.Unset},
		{tool: "fail", wantStatus: codes.Error, wantClient: "tool_error", wantServer: "tool_error"},
		// The handler's error reaches the client as a JSON-RPC internal error.
		{tool: "crash", wantStatus: codes.Error, wantClient: "-32603", wantServer: "_OTHER"},
	} {
		t.Run(tc.tool, func(t *testing.T) {
			client, server, exec := clientAndServer(t, h, tc.tool)
			if exec.Parent().SpanID() != server.SpanContext().SpanID() {
				t.Errorf("the tool's execute_tool span is not the SERVER span's child")
			}
			if got, want := client.Parent().SpanID(), sessionSpan.SpanContext().SpanID(); got != want {
				t.Errorf("client span's parent = %v, want the session span %v", got, want)
			}
			if !server.Parent().IsRemote() || server.Parent().SpanID() != client.SpanContext().SpanID() {
				t.Errorf("server span's parent = %v (remote %v), want the client span %v carried in _meta",
					server.Parent().SpanID(), server.Parent().IsRemote(), client.SpanContext().SpanID())
			}
			for _, s := range []struct {
				span        sdktrace.ReadOnlySpan
				wantErrType string
			}{{client, tc.wantClient}, {server, tc.wantServer}, {exec, tc.wantServer}} {
				if s.span.SpanContext().TraceID() != sessionSpan.SpanContext().TraceID() {
					t.Errorf("span is in trace %v, want the session's %v", s.span.SpanContext().TraceID(), sessionSpan.SpanContext().TraceID())
				}
				if s.span.Status().Code != tc.wantStatus {
					t.Errorf("status = %v, want %v", s.span.Status(), tc.wantStatus)
				}
				got, _ := otelagenttest.Attr(s.span, semconv.ErrorTypeKey)
				if got.AsString() != s.wantErrType {
					t.Errorf("error.type = %q, want %q", got.AsString(), s.wantErrType)
				}
				h.AssertAttributes(s.span, semconv.GenAIToolNameKey.String(tc.tool))
			}
			if tc.tool == "echo" {
				h.AssertAttributes(exec, semconv.GenAIToolDescriptionKey.String(echoDescription))
			} else if v, ok := otelagenttest.Attr(exec, semconv.GenAIToolDescriptionKey); ok {
				t.Errorf("gen_ai.tool.description = %q for a tool defined without one", v.AsString())
			}
			if handler := <-handlerSpans; handler.SpanID() != exec.SpanContext().SpanID() {
				t.Errorf("tool handler ran in span %v, want the server's execute_tool span %v", handler.SpanID(), exec.SpanContext().SpanID())
			}
		})
	}
	if v, _ := otelagenttest.Attr(sessionSpan, semconv.SessionToolCallsKey); v.AsInt64() != 3 {
		t.Errorf("session counted %d tool calls, want 3 (the client's)", v.AsInt64())
	}
	h.AssertNotExported(canaryArgument, canaryResult, canaryFailure)
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

func TestUnknownToolIsRecordedOnTheClient(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	c := otelmcpgo.WrapClient(startServer(t, opts, make(chan trace.SpanContext, 1)), opts...)

	if _, err := callTool(context.Background(), c, "no_such_tool"); err == nil {
		t.Fatal("CallTool(no_such_tool) succeeded, want an error")
	}
	s := h.Span(semconv.SpanNameMCP("tools/call", "no_such_tool"))
	if s.Status().Code != codes.Error {
		t.Errorf("status = %v, want Error", s.Status())
	}
	if v, _ := otelagenttest.Attr(s, semconv.ErrorTypeKey); v.AsString() == "" || v.AsString() == semconv.ErrorTypeOther {
		t.Errorf("error.type = %q, want the JSON-RPC code", v.AsString())
	}
	h.AssertNotExported("no_such_tool'", canaryArgument)

	// The name is the client's choice: the server records nothing with it.
	if n := len(h.SpansByOperation(semconv.OperationExecuteTool)); n != 1 || s.Parent().IsRemote() {
		t.Errorf("%d execute_tool spans (the one found remote-parented: %v), want only the client's", n, s.Parent().IsRemote())
	}
	if m, ok := h.Metric(semconv.MCPServerOperationDurationName); ok {
		for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
			if v, _ := p.Attributes.Value(semconv.GenAIToolNameKey); v.AsString() == "no_such_tool" {
				t.Errorf("the server recorded the unknown tool's name: %v", p.Attributes.ToSlice())
			}
		}
	}
}

func TestCallerRequestIsNotModified(t *testing.T) {
	h := otelagenttest.New(t)
	inner := &recordingClient{}
	c := otelmcpgo.WrapClient(inner, otelmcpgo.WithTelemetry(h.Telemetry()))

	req := mcp.CallToolRequest{}
	req.Params.Name = "echo"
	req.Params.Meta = &mcp.Meta{ProgressToken: "p1", AdditionalFields: map[string]any{"x": "y"}}
	if _, err := c.CallTool(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if len(req.Params.Meta.AdditionalFields) != 1 {
		t.Errorf("caller's _meta = %v, want it unchanged", req.Params.Meta.AdditionalFields)
	}
	sent := inner.sent.Params.Meta
	if sent.ProgressToken != "p1" || sent.AdditionalFields["x"] != "y" || sent.AdditionalFields["traceparent"] == nil {
		t.Errorf("sent _meta = %+v, want the caller's fields and a traceparent", sent)
	}
}

func TestTelemetryOffSendsRequestUnchanged(t *testing.T) {
	off := otelagent.New(otelagent.WithTracerProvider(nil), otelagent.WithMeterProvider(nil))
	inner := &recordingClient{}
	req := mcp.CallToolRequest{}
	req.Params.Name = "echo"
	if _, err := otelmcpgo.WrapClient(inner, otelmcpgo.WithTelemetry(off)).CallTool(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if inner.sent.Params.Meta != nil {
		t.Errorf("sent _meta = %+v, want none when telemetry is off", inner.sent.Params.Meta)
	}
}

// recordingClient is an MCPClient whose CallTool records the request it was
// sent; its other methods are never called.
type recordingClient struct {
	client.MCPClient
	sent mcp.CallToolRequest
}

func (c *recordingClient) CallTool(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	c.sent = req
	return mcp.NewToolResultText("ok"), nil
}
