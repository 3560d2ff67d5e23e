package otelmcpgo_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	otelmcpgo "github.com/otelagent/otelagent-go/adapters/mcpgo"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// Canaries of the methods other than tools/call: a resource's URI, a
// prompt's argument, what a resource and a prompt return. None may be
// exported.
const (
	canaryURI       = "CANARY-URI-c31a"
	canaryPromptArg = "CANARY-PROMPT-ARG-5e07"
	canaryContent   = "CANARY-CONTENT-d9b4"
)

// methodsServer returns a server with a tool, a resource template, a
// prompt, logging and completions, recorded by ToolMiddleware and
// AddHooks.
func methodsServer(opts []otelmcpgo.Option) *server.MCPServer {
	hooks := &server.Hooks{}
	otelmcpgo.AddHooks(hooks, opts...)
	s := server.NewMCPServer("everything", "1.0.0", server.WithHooks(hooks),
		server.WithToolHandlerMiddleware(otelmcpgo.ToolMiddleware(opts...)),
		server.WithResourceCapabilities(true, false), server.WithPromptCapabilities(false),
		server.WithLogging(), server.WithCompletions())
	s.AddTool(mcp.NewTool("echo", mcp.WithString("text")), func(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText(req.GetString("text", "")), nil
	})
	s.AddResourceTemplate(mcp.NewResourceTemplate("notes://{name}", "note"), func(_ context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		return []mcp.ResourceContents{mcp.TextResourceContents{URI: req.Params.URI, Text: canaryContent}}, nil
	})
	s.AddPrompt(mcp.NewPrompt("greet", mcp.WithArgument("who")), func(_ context.Context, req mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
		return mcp.NewGetPromptResult("greeting", []mcp.PromptMessage{
			mcp.NewPromptMessage(mcp.RoleUser, mcp.NewTextContent(canaryContent+" "+req.Params.Arguments["who"])),
		}), nil
	})
	return s
}

// method is a request method exercise sends, how many times, and whether
// its request has a _meta to carry the trace context in.
type method struct {
	name  mcp.MCPMethod
	count int
	meta  bool
}

// Over a connection before 2026-07-28, exercise sends the handshake,
// initialize, and each method.
var legacyMethods = append([]method{
	{mcp.MethodInitialize, 1, false},
	{mcp.MethodPing, 1, false},
	{mcp.MethodResourcesSubscribe, 1, false},
	{mcp.MethodResourcesUnsubscribe, 1, false},
	{mcp.MethodSetLogLevel, 1, false},
}, methods...)

// From 2026-07-28 on, the handshake is server/discover, and mcp-go's client
// sends no ping, logging/setLevel, resources/subscribe or unsubscribe.
var modernMethods = append([]method{{mcp.MethodServerDiscover, 1, false}}, methods...)

// unsentModern are the methods of exercise mcp-go sends no request for on
// a modern connection.
var unsentModern = []mcp.MCPMethod{mcp.MethodInitialize, mcp.MethodPing, mcp.MethodResourcesSubscribe, mcp.MethodResourcesUnsubscribe, mcp.MethodSetLogLevel}

// methods are sent over every connection.
var methods = []method{
	{mcp.MethodToolsList, 1, true},
	{mcp.MethodResourcesList, 1, true},
	{mcp.MethodResourcesTemplatesList, 1, true},
	{mcp.MethodResourcesRead, 2, true}, // one succeeds, one fails
	{mcp.MethodPromptsList, 1, true},
	{mcp.MethodPromptsGet, 1, true},
	{mcp.MethodCompletionComplete, 1, false},
}

// missingURI names no resource: reading it fails with RESOURCE_NOT_FOUND.
const missingURI = "missing://" + canaryURI

// exercise sends every request method through c, in an agent's span.
func exercise(t *testing.T, c client.MCPClient, protocol string) {
	t.Helper()
	ctx := context.Background()
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = protocol
	if _, err := c.Initialize(ctx, init); err != nil {
		t.Fatal(err)
	}
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	must("ping", c.Ping(ctx))
	_, err := c.ListTools(ctx, mcp.ListToolsRequest{})
	must("tools/list", err)
	_, err = c.ListResources(ctx, mcp.ListResourcesRequest{})
	must("resources/list", err)
	_, err = c.ListResourceTemplates(ctx, mcp.ListResourceTemplatesRequest{})
	must("resources/templates/list", err)
	read := mcp.ReadResourceRequest{}
	read.Params.URI = "notes://" + canaryURI
	_, err = c.ReadResource(ctx, read)
	must("resources/read", err)
	read.Params.URI = missingURI
	if _, err := c.ReadResource(ctx, read); err == nil {
		t.Fatal("reading a missing resource succeeded")
	}
	sub := mcp.SubscribeRequest{}
	sub.Params.URI = "notes://" + canaryURI
	must("resources/subscribe", c.Subscribe(ctx, sub))
	unsub := mcp.UnsubscribeRequest{}
	unsub.Params.URI = "notes://" + canaryURI
	must("resources/unsubscribe", c.Unsubscribe(ctx, unsub))
	_, err = c.ListPrompts(ctx, mcp.ListPromptsRequest{})
	must("prompts/list", err)
	get := mcp.GetPromptRequest{}
	get.Params.Name = "greet"
	get.Params.Arguments = map[string]string{"who": canaryPromptArg}
	_, err = c.GetPrompt(ctx, get)
	must("prompts/get", err)
	level := mcp.SetLevelRequest{}
	level.Params.Level = mcp.LoggingLevelDebug
	must("logging/setLevel", c.SetLevel(ctx, level))
	complete := mcp.CompleteRequest{}
	complete.Params.Ref = mcp.PromptReference{Type: "ref/prompt", Name: "greet"}
	complete.Params.Argument = mcp.CompleteArgument{Name: "who", Value: canaryPromptArg}
	_, err = c.Complete(ctx, complete)
	must("completion/complete", err)
	_, err = callTool(ctx, c, "echo")
	must("tools/call", err)
	must("close", c.Close())
}

// spansOf returns the spans named name of kind, by jsonrpc.request.id.
func spansOf(h *otelagenttest.Harness, name string, kind trace.SpanKind) map[string]sdktrace.ReadOnlySpan {
	out := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range h.Spans() {
		if s.Name() == name && s.SpanKind() == kind {
			id, _ := otelagenttest.Attr(s, semconv.JSONRPCRequestIDKey)
			out[id.AsString()] = s
		}
	}
	return out
}

// assertMethods checks that each method's requests, as the wire carried
// them, have a CLIENT and a SERVER span named by the method with its
// mcp.method.name and the wire's jsonrpc.request.id, the SERVER span the
// CLIENT span's child where the request has a _meta, and that both sides
// timed them.
func assertMethods(t *testing.T, h *otelagenttest.Harness, sent *wire, methods []method, missing int) {
	t.Helper()
	for _, m := range methods {
		name := string(m.name)
		ids := sent.idsOf(t, name)
		if len(ids) != m.count {
			t.Fatalf("%s: the wire carried %d requests, want %d", name, len(ids), m.count)
		}
		clients := spansOf(h, name, trace.SpanKindClient)
		servers := spansOf(h, name, trace.SpanKindServer)
		for _, spans := range []map[string]sdktrace.ReadOnlySpan{clients, servers} {
			got := make([]string, 0, len(spans))
			for id, s := range spans {
				got = append(got, id)
				h.AssertAttributes(s, semconv.MCPMethodNameKey.String(name))
			}
			if !sameIDs(got, ids) {
				t.Errorf("%s: spans with jsonrpc.request.id %q, want the wire's %q (spans %s)", name, got, ids, names(h))
			}
		}
		if m.meta {
			for id, s := range servers {
				c, ok := clients[id]
				if ok && s.Parent().SpanID() != c.SpanContext().SpanID() || ok && s.Parent().TraceID() != c.SpanContext().TraceID() {
					t.Errorf("%s %s: the SERVER span's parent is %v, want the CLIENT span %v", name, id, s.Parent().SpanID(), c.SpanContext().SpanID())
				}
			}
		}
		for _, metric := range []string{semconv.MCPClientOperationDurationName, semconv.MCPServerOperationDurationName} {
			if n := operations(t, h, metric, name); n != uint64(m.count) {
				t.Errorf("%s: %s counted %d, want %d", name, metric, n, m.count)
			}
		}
	}
	// tools/call is ToolMiddleware's, recorded once on the server.
	if n := len(spansOf(h, semconv.SpanNameMCP("tools/call", "echo"), trace.SpanKindServer)); n != 1 {
		t.Errorf("%d tools/call SERVER spans, want 1", n)
	}
	if n := operations(t, h, semconv.MCPServerOperationDurationName, "tools/call"); n != 1 {
		t.Errorf("tools/call timed %d times on the server, want 1", n)
	}
	// The missing resource failed on both sides with its JSON-RPC code,
	// missing.
	code := strconv.Itoa(missing)
	for _, kind := range []trace.SpanKind{trace.SpanKindClient, trace.SpanKindServer} {
		failed := 0
		for _, s := range spansOf(h, string(mcp.MethodResourcesRead), kind) {
			if v, ok := otelagenttest.Attr(s, semconv.ErrorTypeKey); ok {
				failed++
				if v.AsString() != code {
					t.Errorf("%v resources/read: error.type %q, want %q", kind, v.AsString(), code)
				}
				h.AssertAttributes(s, semconv.RPCResponseStatusCodeKey.String(code))
			}
		}
		if failed != 1 {
			t.Errorf("%v: %d failed resources/read spans, want 1", kind, failed)
		}
	}
	h.AssertNotExported(canaryURI, canaryPromptArg, canaryContent, canaryArgument)
}

// operations returns how many requests of method metric counted.
func operations(t *testing.T, h *otelagenttest.Harness, metric, method string) uint64 {
	t.Helper()
	m, ok := h.Metric(metric)
	if !ok {
		t.Fatalf("%s not recorded", metric)
	}
	var n uint64
	for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
		if v, _ := p.Attributes.Value(semconv.MCPMethodNameKey); v.AsString() == method {
			n += p.Count
		}
	}
	return n
}

func names(h *otelagenttest.Harness) []string {
	var out []string
	for _, s := range h.Spans() {
		out = append(out, s.SpanKind().String()+" "+s.Name())
	}
	return out
}

// Over stdio (mcp-go's stdio server and client transport), with the
// current protocol, every request method sent has its CLIENT and SERVER
// spans and both operation durations, and a method mcp-go's client answers
// itself has none.
func TestMethodsOverStdio(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	sent := &wire{}
	exercise(t, otelmcpgo.WrapClient(serveStdio(t, methodsServer(opts), sent), opts...), mcp.LATEST_PROTOCOL_VERSION)
	assertMethods(t, h, sent, modernMethods, mcp.INVALID_PARAMS) // 2026-07-28 reports a missing resource so
	for _, m := range unsentModern {
		if n := len(sent.idsOf(t, string(m))); n != 0 {
			t.Fatalf("%s: the wire carried %d requests, want none", m, n)
		}
		if spans := spansOf(h, string(m), trace.SpanKindClient); len(spans) != 0 {
			t.Errorf("%s: %d CLIENT spans of a request never sent", m, len(spans))
		}
	}
	for _, s := range h.Spans() {
		if s.SpanKind() == trace.SpanKindServer {
			h.AssertAttributes(s, semconv.NetworkTransportKey.String(semconv.NetworkTransportPipe))
		}
	}
}

// Over streamable HTTP on 127.0.0.1, with a protocol before 2026-07-28
// (initialize, ping, logging/setLevel, subscriptions), the same, with the
// session's id.
func TestMethodsOverStreamableHTTP(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	sent := &wire{}
	exercise(t, otelmcpgo.WrapClient(serveHTTP(t, methodsServer(opts), sent, true), opts...), mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	assertMethods(t, h, sent, legacyMethods, mcp.RESOURCE_NOT_FOUND)
	for _, s := range spansOf(h, string(mcp.MethodPromptsGet), trace.SpanKindServer) {
		h.AssertAttributes(s, semconv.NetworkTransportKey.String(semconv.NetworkTransportTCP))
		if _, ok := otelagenttest.Attr(s, semconv.MCPSessionIDKey); !ok {
			t.Errorf("an HTTP SERVER span has no mcp.session.id")
		}
	}
}

// The span attributes are the method's, and nothing that names what was
// read: the span is named by the method alone.
func TestMethodSpanNames(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	// A transport not wrapped: a handshake pinned before 2026-07-28 is one
	// initialize request, which WrapClient records itself.
	c := otelmcpgo.WrapClient(serveHTTP(t, methodsServer(opts), nil, false), opts...)
	initialize(t, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	if n := len(spansOf(h, string(mcp.MethodInitialize), trace.SpanKindClient)); n != 1 {
		t.Errorf("%d initialize CLIENT spans, want 1", n)
	}
	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	get := mcp.GetPromptRequest{}
	get.Params.Name = "greet"
	get.Params.Arguments = map[string]string{"who": canaryPromptArg}
	if _, err := c.GetPrompt(ctx, get); err != nil {
		t.Fatal(err)
	}
	session.End(nil)
	_ = c.Close()
	clients := spansOf(h, string(mcp.MethodPromptsGet), trace.SpanKindClient)
	if len(clients) != 1 {
		t.Fatalf("%d prompts/get CLIENT spans, want 1 (spans %s)", len(clients), names(h))
	}
	var client sdktrace.ReadOnlySpan
	for _, s := range clients {
		client = s
	}
	agent := h.Span(semconv.SpanNameInvokeAgent("coder"))
	if client.Parent().SpanID() != agent.SpanContext().SpanID() {
		t.Errorf("the prompts/get CLIENT span is not the agent's child")
	}
	if _, ok := otelagenttest.Attr(client, semconv.GenAIToolNameKey); ok {
		t.Error("a prompts/get span has gen_ai.tool.name")
	}
	if _, ok := otelagenttest.Attr(client, semconv.GenAIOperationNameKey); ok {
		t.Error("a prompts/get span has gen_ai.operation.name")
	}
	h.AssertNotExported(canaryPromptArg, canaryContent)
}

// In process, the server's hooks run in the client's context: a request
// other than tools/call has its CLIENT span and, inside it, its SERVER
// span; the caller's _meta is not written.
func TestInProcessMethods(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	inner, err := client.NewInProcessClient(methodsServer(opts))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = inner.Close() })
	if err := inner.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := otelmcpgo.WrapClient(inner, opts...)
	initialize(t, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	read := mcp.ReadResourceRequest{}
	read.Params.URI = "notes://" + canaryURI
	read.Params.Meta = &mcp.Meta{AdditionalFields: map[string]any{"k": "v"}}
	if _, err := c.ReadResource(ctx, read); err != nil {
		t.Fatal(err)
	}
	session.End(nil)
	if f := read.Params.Meta.AdditionalFields; len(f) != 1 || f["k"] != "v" {
		t.Errorf("the caller's _meta was written: %v", f)
	}
	clients := spansOf(h, string(mcp.MethodResourcesRead), trace.SpanKindClient)
	servers := spansOf(h, string(mcp.MethodResourcesRead), trace.SpanKindServer)
	if len(clients) != 1 || len(servers) != 1 {
		t.Fatalf("%d CLIENT and %d SERVER resources/read spans, want 1 each (spans %s)", len(clients), len(servers), names(h))
	}
	for _, cs := range clients {
		for _, ss := range servers {
			if ss.Parent().SpanID() != cs.SpanContext().SpanID() {
				t.Errorf("the SERVER span is not the CLIENT span's child")
			}
		}
	}
	h.AssertNoOrphans()
	h.AssertNotExported(canaryURI, canaryContent)
}

// A listing that follows the server's pages is one CLIENT span, with the
// first page's id; each page's SERVER span is its child.
func TestPagedListing(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	hooks := &server.Hooks{}
	otelmcpgo.AddHooks(hooks, opts...)
	s := server.NewMCPServer("paged", "1.0.0", server.WithHooks(hooks), server.WithPaginationLimit(1))
	for _, name := range []string{"a", "b"} {
		s.AddTool(mcp.NewTool(name), func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultText("ok"), nil
		})
	}
	sent := &wire{}
	c := otelmcpgo.WrapClient(serveStdio(t, s, sent), opts...)
	initialize(t, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	res, err := c.ListTools(context.Background(), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	_ = c.Close()
	if len(res.Tools) != 2 {
		t.Fatalf("listed %d tools, want 2", len(res.Tools))
	}
	ids := sent.idsOf(t, string(mcp.MethodToolsList))
	if len(ids) < 2 { // a full last page has a cursor to an empty one
		t.Fatalf("the wire carried %d tools/list requests, want a page per tool", len(ids))
	}
	clients := spansOf(h, string(mcp.MethodToolsList), trace.SpanKindClient)
	servers := spansOf(h, string(mcp.MethodToolsList), trace.SpanKindServer)
	client, ok := clients[ids[0]]
	if len(clients) != 1 || !ok {
		t.Fatalf("CLIENT spans by id %v, want one, with the first page's id %s", clients, ids[0])
	}
	if !sameIDs(keys(servers), ids) {
		t.Errorf("SERVER spans have ids %v, want the pages' %v", keys(servers), ids)
	}
	for id, s := range servers {
		if s.Parent().SpanID() != client.SpanContext().SpanID() {
			t.Errorf("page %s: the SERVER span is not the CLIENT span's child", id)
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
