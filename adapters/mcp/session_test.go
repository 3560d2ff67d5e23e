package otelmcp_test

import (
	"context"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/trace"

	otelmcp "github.com/otelagent/otelagent-go/adapters/mcp"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// Each side records its session's duration, from initialize to close, with
// the negotiated protocol version; a session closed normally has no
// error.type.
func TestSessionDurations(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcp.Option{otelmcp.WithTelemetry(h.Telemetry())}
	server := newServer(opts, make(chan trace.SpanContext, 1))
	st, ct := mcp.NewInMemoryTransports()
	ss, err := server.Connect(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "v0.0.1"}, nil)
	client.AddSendingMiddleware(otelmcp.ClientMiddleware(opts...))
	cs, err := client.Connect(context.Background(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	version := cs.InitializeResult().ProtocolVersion
	if _, ok := h.Metric(semconv.MCPClientSessionDurationName); ok {
		t.Error("a session's duration was recorded before it ended")
	}
	_ = cs.Close()
	_ = ss.Wait()
	_ = cs.Wait()

	for _, name := range []string{semconv.MCPClientSessionDurationName, semconv.MCPServerSessionDurationName} {
		p := sessionPoint(t, h, name)
		if v, _ := p.Attributes.Value(semconv.MCPProtocolVersionKey); v.AsString() != version {
			t.Errorf("%s: mcp.protocol.version %q, want %q", name, v.AsString(), version)
		}
		if v, ok := p.Attributes.Value(semconv.ErrorTypeKey); ok {
			t.Errorf("%s: a session closed normally has error.type %q", name, v.AsString())
		}
	}
}
