package otelmcp_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	otelmcp "github.com/otelagent/otelagent-go/adapters/mcp"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// wireLog collects what a mcp.LoggingTransport logs: the messages as they
// were on the wire.
type wireLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *wireLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// ids returns the JSON-RPC ids of the requests of method the log says were
// written, as their JSON text.
func (l *wireLog) ids(t *testing.T, method string) []string {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var ids []string
	sc := bufio.NewScanner(bytes.NewReader(l.buf.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "write: ")
		if !ok {
			continue
		}
		var m struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("logged message %q: %v", line, err)
		}
		if m.Method == method && len(m.ID) > 0 {
			ids = append(ids, string(m.ID))
		}
	}
	return ids
}

// pipes returns the two ends of a stdio-like connection over OS pipes.
func pipes(t *testing.T) (server, client *mcp.IOTransport) {
	t.Helper()
	r1, w1, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r2, w2, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	return &mcp.IOTransport{Reader: r1, Writer: w2}, &mcp.IOTransport{Reader: r2, Writer: w1}
}

// mcpSpans returns the CLIENT and SERVER spans of method.
func mcpSpans(t *testing.T, h *otelagenttest.Harness, name string) (client, server sdktrace.ReadOnlySpan) {
	t.Helper()
	for _, s := range h.Spans() {
		if s.Name() != name {
			continue
		}
		switch s.SpanKind() {
		case trace.SpanKindClient:
			client = s
		case trace.SpanKindServer:
			server = s
		}
	}
	if client == nil || server == nil {
		t.Fatalf("%s: want a CLIENT and a SERVER span, got %v and %v", name, client != nil, server != nil)
	}
	return client, server
}

// sessionPoint waits (at most 10 s) for the one point of a session
// duration metric, recorded by a goroutine when the session ends.
func sessionPoint(t *testing.T, h *otelagenttest.Harness, name string) metricdata.HistogramDataPoint[float64] {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if m, ok := h.Metric(name); ok {
			points := m.Data.(metricdata.Histogram[float64]).DataPoints
			if len(points) != 1 || points[0].Count != 1 {
				t.Fatalf("%s: points %+v, want one session", name, points)
			}
			return points[0]
		}
	}
	t.Fatalf("%s: not recorded within 10 s", name)
	return metricdata.HistogramDataPoint[float64]{}
}

// Over pipes (a stdio connection), both sides record the id the request
// had on the wire and network.transport pipe, on their spans and on their
// session durations.
func TestWrapTransportOverPipes(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcp.Option{otelmcp.WithTelemetry(h.Telemetry())}
	st, ct := pipes(t)
	ss, err := newServer(opts, make(chan trace.SpanContext, 2)).Connect(context.Background(), otelmcp.WrapTransport(st), nil)
	if err != nil {
		t.Fatal(err)
	}
	log := &wireLog{}
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "v0.0.1"}, nil)
	client.AddSendingMiddleware(otelmcp.ClientMiddleware(opts...))
	cs, err := client.Connect(context.Background(), otelmcp.WrapTransport(&mcp.LoggingTransport{Transport: ct, Writer: log}), nil)
	if err != nil {
		_ = ss.Close()
		t.Fatal(err)
	}
	for _, text := range []string{"one", "two"} {
		if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "echo", Arguments: echoIn{Text: text}}); err != nil {
			t.Fatal(err)
		}
	}
	_ = cs.Close()
	_ = ss.Wait()

	ids := log.ids(t, "tools/call")
	if len(ids) != 2 {
		t.Fatalf("the wire carried %d tools/call requests, want 2", len(ids))
	}
	var clients, servers []string
	for _, s := range h.Spans() {
		if s.Name() != semconv.SpanNameMCP("tools/call", "echo") {
			continue
		}
		h.AssertAttributes(s, semconv.NetworkTransportKey.String(semconv.NetworkTransportPipe))
		id, _ := otelagenttest.Attr(s, semconv.JSONRPCRequestIDKey)
		switch s.SpanKind() {
		case trace.SpanKindClient:
			clients = append(clients, id.AsString())
		case trace.SpanKindServer:
			servers = append(servers, id.AsString())
		}
	}
	for side, got := range map[string][]string{"client": clients, "server": servers} {
		if !sameSet(got, ids) {
			t.Errorf("%s spans have jsonrpc.request.id %q, want the wire's %q", side, got, ids)
		}
	}
	// server/discover, which opened the session, is a request too.
	initClient, initServer := mcpSpans(t, h, semconv.SpanNameMCP("server/discover", ""))
	for _, s := range []sdktrace.ReadOnlySpan{initClient, initServer} {
		if id, _ := otelagenttest.Attr(s, semconv.JSONRPCRequestIDKey); !sameSet([]string{id.AsString()}, log.ids(t, "server/discover")) {
			t.Errorf("%v server/discover span has id %q, want the wire's %q", s.SpanKind(), id.AsString(), log.ids(t, "server/discover"))
		}
	}
	for _, name := range []string{semconv.MCPClientSessionDurationName, semconv.MCPServerSessionDurationName} {
		p := sessionPoint(t, h, name)
		if v, _ := p.Attributes.Value(semconv.NetworkTransportKey); v.AsString() != semconv.NetworkTransportPipe {
			t.Errorf("%s: network.transport %q, want pipe", name, v.AsString())
		}
	}
	for _, name := range []string{semconv.MCPClientOperationDurationName, semconv.MCPServerOperationDurationName} {
		m, _ := h.Metric(name)
		for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
			if v, _ := p.Attributes.Value(semconv.NetworkTransportKey); v.AsString() != semconv.NetworkTransportPipe {
				t.Errorf("%s: point %v, want network.transport pipe", name, p.Attributes.ToSlice())
			}
			if _, ok := p.Attributes.Value(semconv.JSONRPCRequestIDKey); ok {
				t.Errorf("%s: a request id on a metric grows a series per request", name)
			}
		}
	}
}

// sameSet reports whether got holds the JSON ids of want (numbers, or
// strings as JSON text), each once.
func sameSet(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	left := map[string]int{}
	for _, w := range want {
		var s string
		if json.Unmarshal([]byte(w), &s) == nil {
			w = s
		}
		left[w]++
	}
	for _, g := range got {
		if left[g] == 0 {
			return false
		}
		left[g]--
	}
	return true
}

// bodyLog records the JSON-RPC requests a streamable HTTP client posts.
type bodyLog struct {
	base http.RoundTripper
	log  *wireLog
}

func (b bodyLog) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && r.GetBody != nil {
		if body, err := r.GetBody(); err == nil {
			data, _ := io.ReadAll(body)
			_, _ = b.log.Write(append(append([]byte("write: "), data...), '\n'))
		}
	}
	return b.base.RoundTrip(r)
}

// Over streamable HTTP, both sides record network.transport tcp and the
// id the POST carried: the client through WrapTransport, the server through
// WrapHandler.
func TestWrapTransportOverStreamableHTTP(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcp.Option{otelmcp.WithTelemetry(h.Telemetry())}
	server := newServer(opts, make(chan trace.SpanContext, 1))
	srv := httptest.NewServer(otelmcp.WrapHandler(mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil)))
	defer srv.Close()

	log := &wireLog{}
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	transport := &mcp.StreamableClientTransport{
		Endpoint:             srv.URL,
		HTTPClient:           &http.Client{Transport: bodyLog{base: base, log: log}},
		DisableStandaloneSSE: true,
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "v0.0.1"}, nil)
	client.AddSendingMiddleware(otelmcp.ClientMiddleware(opts...))
	cs, err := client.Connect(context.Background(), otelmcp.WrapTransport(transport), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "echo", Arguments: echoIn{Text: "hi"}}); err != nil {
		t.Fatal(err)
	}
	sessionID := cs.ID()
	_ = cs.Close()

	c, s := mcpSpans(t, h, semconv.SpanNameMCP("tools/call", "echo"))
	for _, span := range []sdktrace.ReadOnlySpan{c, s} {
		h.AssertAttributes(span,
			semconv.NetworkTransportKey.String(semconv.NetworkTransportTCP),
			semconv.MCPSessionIDKey.String(sessionID))
	}
	for _, span := range []sdktrace.ReadOnlySpan{c, s} {
		id, _ := otelagenttest.Attr(span, semconv.JSONRPCRequestIDKey)
		if want := log.ids(t, "tools/call"); !sameSet([]string{id.AsString()}, want) {
			t.Errorf("%v span has jsonrpc.request.id %q, want the POST's %q", span.SpanKind(), id.AsString(), want)
		}
	}
	if transport.HTTPClient.Transport.(bodyLog).log != log {
		t.Error("WrapTransport changed the caller's transport")
	}
	p := sessionPoint(t, h, semconv.MCPClientSessionDurationName)
	if v, _ := p.Attributes.Value(semconv.NetworkTransportKey); v.AsString() != semconv.NetworkTransportTCP {
		t.Errorf("client session: network.transport %q, want tcp", v.AsString())
	}
}

// In memory there is no network: no network.transport, but the ids.
func TestWrapTransportInMemory(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcp.Option{otelmcp.WithTelemetry(h.Telemetry())}
	st, ct := mcp.NewInMemoryTransports()
	ss, err := newServer(opts, make(chan trace.SpanContext, 1)).Connect(context.Background(), otelmcp.WrapTransport(st), nil)
	if err != nil {
		t.Fatal(err)
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "agent"}, nil)
	client.AddSendingMiddleware(otelmcp.ClientMiddleware(opts...))
	cs, err := client.Connect(context.Background(), otelmcp.WrapTransport(ct), nil)
	if err != nil {
		_ = ss.Close()
		t.Fatal(err)
	}
	defer func() { _ = cs.Close(); _ = ss.Wait() }()
	if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "echo", Arguments: echoIn{Text: "hi"}}); err != nil {
		t.Fatal(err)
	}
	c, s := mcpSpans(t, h, semconv.SpanNameMCP("tools/call", "echo"))
	cid, _ := otelagenttest.Attr(c, semconv.JSONRPCRequestIDKey)
	sid, _ := otelagenttest.Attr(s, semconv.JSONRPCRequestIDKey)
	if cid.AsString() == "" || cid != sid {
		t.Errorf("jsonrpc.request.id: client %q, server %q; want the same id", cid.AsString(), sid.AsString())
	}
	for _, span := range []sdktrace.ReadOnlySpan{c, s} {
		if v, ok := otelagenttest.Attr(span, semconv.NetworkTransportKey); ok {
			t.Errorf("%v span: network.transport %q in memory", span.SpanKind(), v.AsString())
		}
	}
}

// WrapHandler gives the MCP handler a body larger than it reads for an id
// as it came: the call succeeds, without an id.
func TestWrapHandlerPassesLargeBodies(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcp.Option{otelmcp.WithTelemetry(h.Telemetry())}
	var got int
	server := mcp.NewServer(&mcp.Implementation{Name: "tools"}, nil)
	server.AddReceivingMiddleware(otelmcp.ServerMiddleware(opts...))
	mcp.AddTool(server, &mcp.Tool{Name: "echo"}, func(_ context.Context, _ *mcp.CallToolRequest, in echoIn) (*mcp.CallToolResult, any, error) {
		got = len(in.Text)
		return &mcp.CallToolResult{}, nil, nil
	})
	srv := httptest.NewServer(otelmcp.WrapHandler(mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil)))
	defer srv.Close()
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "agent"}, nil).Connect(context.Background(),
		&mcp.StreamableClientTransport{Endpoint: srv.URL, HTTPClient: &http.Client{Transport: base}, DisableStandaloneSSE: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cs.Close() }()
	text := strings.Repeat("x", 3<<19) // 1.5 MiB
	if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "echo", Arguments: echoIn{Text: text}}); err != nil {
		t.Fatal(err)
	}
	if got != len(text) {
		t.Errorf("the tool got %d bytes of text, want %d", got, len(text))
	}
	s := h.Span(semconv.SpanNameMCP("tools/call", "echo"))
	if v, ok := otelagenttest.Attr(s, semconv.JSONRPCRequestIDKey); ok {
		t.Errorf("a request too large to read has jsonrpc.request.id %q", v.AsString())
	}
}
