package otelmcpgo_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	otelmcpgo "github.com/otelagent/otelagent-go/adapters/mcpgo"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// wire records the JSON-RPC messages a client wrote, one per line or per
// HTTP request body.
type wire struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *wire) add(p []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if len(p) > 0 && p[len(p)-1] != '\n' {
		w.buf.WriteByte('\n')
	}
}

// ids returns the ids of the tools/call requests written, as JSON text.
func (w *wire) ids(t *testing.T) []string {
	t.Helper()
	return w.idsOf(t, string(mcp.MethodToolsCall))
}

// idsOf returns the ids of the requests of method written, as JSON text.
func (w *wire) idsOf(t *testing.T, method string) []string {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	var ids []string
	sc := bufio.NewScanner(bytes.NewReader(w.buf.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("written message %q: %v", sc.Text(), err)
		}
		if m.Method == method && len(m.ID) > 0 {
			ids = append(ids, string(m.ID))
		}
	}
	return ids
}

// teeWriter writes to w and records what it wrote.
type teeWriter struct {
	io.WriteCloser
	wire *wire
}

func (t teeWriter) Write(p []byte) (int, error) {
	t.wire.add(p)
	return t.WriteCloser.Write(p)
}

// teeTransport records the body of each POST.
type teeTransport struct {
	base http.RoundTripper
	wire *wire
}

func (t teeTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && r.GetBody != nil {
		if body, err := r.GetBody(); err == nil {
			data, _ := io.ReadAll(body)
			t.wire.add(data)
		}
	}
	return t.base.RoundTrip(r)
}

// wireServer returns a server with an "echo" tool, recorded by
// ToolMiddleware and AddHooks.
func wireServer(opts []otelmcpgo.Option) *server.MCPServer {
	hooks := &server.Hooks{}
	otelmcpgo.AddHooks(hooks, opts...)
	s := server.NewMCPServer("tools", "1.0.0", server.WithHooks(hooks),
		server.WithToolHandlerMiddleware(otelmcpgo.ToolMiddleware(opts...)))
	s.AddTool(mcp.NewTool("echo", mcp.WithString("text")), func(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText(req.GetString("text", "")), nil
	})
	return s
}

// callAndClose initializes c, calls echo twice and closes c.
func callAndClose(t *testing.T, c client.MCPClient) {
	t.Helper()
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	if _, err := c.Initialize(context.Background(), init); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := callTool(context.Background(), c, "echo"); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

// serveStdio serves s with mcp-go's stdio server, over pipes, until the
// test ends, and returns a started client of it on a transport
// WrapTransport built, whose writes sent records.
func serveStdio(t *testing.T, s *server.MCPServer, sent *wire) *client.Client {
	t.Helper()
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = server.NewStdioServer(s).Listen(ctx, serverIn, serverOut)
	}()
	t.Cleanup(func() {
		cancel()
		_ = serverIn.Close()
		_ = clientIn.Close()
		<-done
	})
	c := client.NewClient(otelmcpgo.WrapTransport(transport.NewIO(clientIn, teeWriter{WriteCloser: clientOut, wire: sent}, io.NopCloser(&bytes.Buffer{}))))
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return c
}

// serveHTTP serves s with mcp-go's streamable HTTP server on 127.0.0.1
// until the test ends, and returns a started client of it, on a transport
// WrapTransport built if wrap, whose POSTs sent records if not nil.
func serveHTTP(t *testing.T, s *server.MCPServer, sent *wire, wrap bool) *client.Client {
	t.Helper()
	srv := httptest.NewServer(server.NewStreamableHTTPServer(s))
	t.Cleanup(srv.Close)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	var rt http.RoundTripper = base
	if sent != nil {
		rt = teeTransport{base: base, wire: sent}
	}
	tr, err := transport.NewStreamableHTTP(srv.URL, transport.WithHTTPBasicClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	var it transport.Interface = tr
	if wrap {
		it = otelmcpgo.WrapTransport(tr)
	}
	c := client.NewClient(it)
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return c
}

// initialize initializes c, asking for protocol version.
func initialize(t *testing.T, c client.MCPClient, version string) {
	t.Helper()
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = version
	if _, err := c.Initialize(context.Background(), init); err != nil {
		t.Fatal(err)
	}
}

// assertWire checks that the CLIENT and SERVER spans of the echo calls
// carry the ids the wire carried and network.transport want.
func assertWire(t *testing.T, h *otelagenttest.Harness, ids []string, want string) {
	t.Helper()
	if len(ids) != 2 {
		t.Fatalf("the wire carried %d tools/call requests, want 2", len(ids))
	}
	spans := map[trace.SpanKind][]string{}
	for _, s := range h.Spans() {
		if s.Name() != semconv.SpanNameMCP("tools/call", "echo") {
			continue
		}
		h.AssertAttributes(s, semconv.NetworkTransportKey.String(want))
		id, _ := otelagenttest.Attr(s, semconv.JSONRPCRequestIDKey)
		spans[s.SpanKind()] = append(spans[s.SpanKind()], id.AsString())
	}
	for _, kind := range []trace.SpanKind{trace.SpanKindClient, trace.SpanKindServer} {
		if !sameIDs(spans[kind], ids) {
			t.Errorf("%v spans have jsonrpc.request.id %q, want the wire's %q", kind, spans[kind], ids)
		}
	}
}

// sameIDs reports whether got holds the JSON ids of want, each once.
func sameIDs(got, want []string) bool {
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

// sessionPoint returns the one point of a session duration metric.
func sessionPoint(t *testing.T, h *otelagenttest.Harness, name string) metricdata.HistogramDataPoint[float64] {
	t.Helper()
	m, ok := h.Metric(name)
	if !ok {
		t.Fatalf("%s not recorded", name)
	}
	points := m.Data.(metricdata.Histogram[float64]).DataPoints
	if len(points) != 1 || points[0].Count != 1 {
		t.Fatalf("%s: points %+v, want one session", name, points)
	}
	return points[0]
}

func assertAttr(t *testing.T, name string, attrs attribute.Set, want attribute.KeyValue) {
	t.Helper()
	if v, _ := attrs.Value(want.Key); v != want.Value {
		t.Errorf("%s: %s = %q, want %q (attributes %v)", name, want.Key, v.Emit(), want.Value.Emit(), attrs.ToSlice())
	}
}

// Over stdio, both sides record the id each tools/call had on the wire and
// network.transport pipe; the client records its session from Initialize
// to Close.
func TestWireOverStdio(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	sent := &wire{}
	c := otelmcpgo.WrapClient(serveStdio(t, wireServer(opts), sent), opts...)
	if _, ok := h.Metric(semconv.MCPClientSessionDurationName); ok {
		t.Fatal("a client session was recorded before Initialize")
	}
	callAndClose(t, c)
	_ = c.Close() // a second Close ends nothing more

	assertWire(t, h, sent.ids(t), semconv.NetworkTransportPipe)
	var version string
	for _, s := range h.Spans() {
		if s.SpanKind() == trace.SpanKindClient {
			v, _ := otelagenttest.Attr(s, semconv.MCPProtocolVersionKey)
			version = v.AsString()
			if _, ok := otelagenttest.Attr(s, semconv.MCPSessionIDKey); ok {
				t.Errorf("a stdio span has mcp.session.id")
			}
		}
	}
	if version == "" {
		t.Fatal("the client's spans have no mcp.protocol.version")
	}
	for _, s := range h.Spans() {
		if s.SpanKind() == trace.SpanKindServer {
			h.AssertAttributes(s, semconv.MCPProtocolVersionKey.String(version))
		}
	}
	p := sessionPoint(t, h, semconv.MCPClientSessionDurationName)
	assertAttr(t, semconv.MCPClientSessionDurationName, p.Attributes, semconv.NetworkTransportKey.String(semconv.NetworkTransportPipe))
	assertAttr(t, semconv.MCPClientSessionDurationName, p.Attributes, semconv.MCPProtocolVersionKey.String(version))
	if _, ok := p.Attributes.Value(semconv.ErrorTypeKey); ok {
		t.Errorf("a session closed normally has error.type: %v", p.Attributes.ToSlice())
	}
}

// Over streamable HTTP, both sides record the id each tools/call's POST
// carried, network.transport tcp and the session's id; the server records
// its session's duration with tcp.
func TestWireOverStreamableHTTP(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	sent := &wire{}
	inner := serveHTTP(t, wireServer(opts), sent, true)
	c := otelmcpgo.WrapClient(inner, opts...)
	initialize(t, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION) // a session, with an id
	sessionID := inner.GetSessionId()
	for range 2 {
		if _, err := callTool(context.Background(), c, "echo"); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}

	assertWire(t, h, sent.ids(t), semconv.NetworkTransportTCP)
	if sessionID == "" {
		t.Fatal("the server gave no session id")
	}
	// mcp-go's session ids ("mcp-session-" and a UUID) pass otelagent's
	// id grammar (a UUID after a word prefix): recorded as they are.
	for _, s := range h.Spans() {
		if s.Name() != semconv.SpanNameMCP("tools/call", "echo") {
			continue
		}
		if v, ok := otelagenttest.Attr(s, semconv.MCPSessionIDKey); !ok || v.AsString() != sessionID {
			t.Errorf("%v span: mcp.session.id %q (present %v), want the session's id %q", s.SpanKind(), v.AsString(), ok, sessionID)
		}
	}
	p := sessionPoint(t, h, semconv.MCPClientSessionDurationName)
	assertAttr(t, semconv.MCPClientSessionDurationName, p.Attributes, semconv.NetworkTransportKey.String(semconv.NetworkTransportTCP))
	// Close deleted the session on the server (HTTP DELETE), which
	// unregistered it.
	p = sessionPoint(t, h, semconv.MCPServerSessionDurationName)
	assertAttr(t, semconv.MCPServerSessionDurationName, p.Attributes, semconv.NetworkTransportKey.String(semconv.NetworkTransportTCP))
	assertAttr(t, semconv.MCPServerSessionDurationName, p.Attributes, semconv.MCPProtocolVersionKey.String(mcp.LATEST_LEGACY_PROTOCOL_VERSION))
}

// A failed Initialize is a session that failed; a client wrapped after its
// Initialize has no session to time.
func TestClientSessionFailedInitialize(t *testing.T) {
	h := otelagenttest.New(t)
	sent := &wire{}
	r, w := io.Pipe()
	_ = r.Close() // nothing reads: the request cannot be written
	inner := client.NewClient(transport.NewIO(bytes.NewReader(nil), teeWriter{WriteCloser: w, wire: sent}, io.NopCloser(&bytes.Buffer{})))
	if err := inner.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := otelmcpgo.WrapClient(inner, otelmcpgo.WithTelemetry(h.Telemetry()))
	if _, err := c.Initialize(context.Background(), mcp.InitializeRequest{}); err == nil {
		t.Fatal("Initialize succeeded without a server")
	}
	_ = c.Close()
	p := sessionPoint(t, h, semconv.MCPClientSessionDurationName)
	if _, ok := p.Attributes.Value(semconv.ErrorTypeKey); !ok {
		t.Errorf("a failed session has no error.type: %v", p.Attributes.ToSlice())
	}
}
