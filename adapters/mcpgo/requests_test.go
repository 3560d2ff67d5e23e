package otelmcpgo_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	otelmcpgo "github.com/otelagent/otelagent-go/adapters/mcpgo"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// A request whose handler has not returned when its session is
// unregistered is ended then, canceled, and its late answer records
// nothing more.
func TestRequestEndsWithItsSession(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	hooks := &server.Hooks{}
	otelmcpgo.AddHooks(hooks, opts...)
	s := server.NewMCPServer("slow", "1.0.0", server.WithHooks(hooks), server.WithResourceCapabilities(false, false))
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	releaseOnce := func() { once.Do(func() { close(release) }) }
	s.AddResourceTemplate(mcp.NewResourceTemplate("slow://{name}", "slow"), func(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		close(entered)
		<-release
		return []mcp.ResourceContents{mcp.TextResourceContents{URI: req.Params.URI, Text: canaryContent}}, nil
	})
	c := serveHTTP(t, s, nil, false)
	defer func() { _ = c.Close() }()
	defer releaseOnce() // before the closes, after a failure too
	initialize(t, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	read := make(chan error, 1)
	go func() {
		req := mcp.ReadResourceRequest{}
		req.Params.URI = "slow://" + canaryURI
		_, err := c.ReadResource(context.Background(), req)
		read <- err
	}()
	select {
	case <-entered:
	case <-time.After(30 * time.Second):
		t.Fatal("the handler was not called")
	}
	if n := len(spansOf(h, string(mcp.MethodResourcesRead), trace.SpanKindServer)); n != 0 {
		t.Fatalf("%d resources/read SERVER spans before the request ended", n)
	}
	s.UnregisterSession(context.Background(), c.GetSessionId())
	assertCanceled := func() {
		t.Helper()
		spans := spansOf(h, string(mcp.MethodResourcesRead), trace.SpanKindServer)
		if len(spans) != 1 {
			t.Fatalf("%d resources/read SERVER spans, want 1 (spans %s)", len(spans), names(h))
		}
		for _, span := range spans {
			h.AssertAttributes(span, semconv.ErrorTypeKey.String(semconv.ErrorTypeCanceled))
		}
	}
	assertCanceled()
	releaseOnce()
	select {
	case <-read:
	case <-time.After(30 * time.Second):
		t.Fatal("the read did not return")
	}
	assertCanceled()
	h.AssertNotExported(canaryURI, canaryContent)
}

// Requests whose handlers never return are held at most 1024 at a time:
// the oldest is ended, canceled, to make room, and the others end as
// they are answered.
func TestRequestsInFlightAreBounded(t *testing.T) {
	h := otelagenttest.New(t)
	hooks := &server.Hooks{}
	otelmcpgo.AddHooks(hooks, otelmcpgo.WithTelemetry(h.Telemetry()))
	ctx := context.Background()
	const held = 1024
	msgs := make([]*mcp.PingRequest, held+1)
	for i := range msgs {
		msgs[i] = &mcp.PingRequest{}
		for _, before := range hooks.OnBeforeAny {
			before(ctx, int64(i+1), mcp.MethodPing, msgs[i])
		}
		if n := len(h.Spans()); i < held && n != 0 {
			t.Fatalf("after %d requests, %d spans ended, want none", i+1, n)
		}
	}
	pings := func() map[string]bool { // request id -> failed
		out := map[string]bool{}
		for id, s := range spansOf(h, string(mcp.MethodPing), trace.SpanKindServer) {
			out[id] = s.Status().Code == codes.Error
		}
		return out
	}
	if got := pings(); len(got) != 1 || !got["1"] {
		t.Fatalf("after %d requests, ended %v, want the first, failed", held+1, got)
	}
	h.AssertAttributes(h.Span(string(mcp.MethodPing)), semconv.ErrorTypeKey.String(semconv.ErrorTypeCanceled))
	for i, m := range msgs {
		for _, success := range hooks.OnSuccess {
			success(ctx, int64(i+1), mcp.MethodPing, m, &mcp.EmptyResult{})
		}
	}
	got := pings()
	if len(got) != held+1 {
		t.Fatalf("%d ping spans, want %d", len(got), held+1)
	}
	for i := 2; i <= held+1; i++ {
		if got[strconv.Itoa(i)] {
			t.Errorf("ping %d failed, want it answered", i)
		}
	}
}

// A request the server refuses before its handler (a capability it does
// not have) has its SERVER span, failed with the JSON-RPC code, as its
// CLIENT span has.
func TestRequestRefusedBeforeItsHandler(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	hooks := &server.Hooks{}
	otelmcpgo.AddHooks(hooks, opts...)
	s := server.NewMCPServer("quiet", "1.0.0", server.WithHooks(hooks)) // no logging
	c := otelmcpgo.WrapClient(serveHTTP(t, s, nil, true), opts...)
	defer func() { _ = c.Close() }()
	initialize(t, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	level := mcp.SetLevelRequest{}
	level.Params.Level = mcp.LoggingLevelInfo
	if err := c.SetLevel(context.Background(), level); err == nil {
		t.Fatal("a server without logging accepted logging/setLevel")
	}
	code := strconv.Itoa(mcp.METHOD_NOT_FOUND)
	for _, kind := range []trace.SpanKind{trace.SpanKindClient, trace.SpanKindServer} {
		spans := spansOf(h, string(mcp.MethodSetLogLevel), kind)
		if len(spans) != 1 {
			t.Fatalf("%d %v logging/setLevel spans, want 1 (spans %s)", len(spans), kind, names(h))
		}
		for _, s := range spans {
			h.AssertAttributes(s, semconv.ErrorTypeKey.String(code), semconv.RPCResponseStatusCodeKey.String(code))
		}
	}
}
