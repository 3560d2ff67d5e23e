package otelmcpgo_test

import (
	"context"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	otelmcpgo "github.com/otelagent/otelagent-go/adapters/mcpgo"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

type fakeSession struct {
	id string
	ch chan mcp.JSONRPCNotification
}

func (s *fakeSession) Initialize()                                         {}
func (s *fakeSession) Initialized() bool                                   { return true }
func (s *fakeSession) NotificationChannel() chan<- mcp.JSONRPCNotification { return s.ch }
func (s *fakeSession) SessionID() string                                   { return s.id }

// A session's duration is recorded when the server unregisters it, once.
func TestSessionHooks(t *testing.T) {
	h := otelagenttest.New(t)
	hooks := &server.Hooks{}
	otelmcpgo.AddSessionHooks(hooks, otelmcpgo.WithTelemetry(h.Telemetry()))
	s := server.NewMCPServer("tools", "1.0.0", server.WithHooks(hooks))
	ctx := context.Background()
	session := &fakeSession{id: "s-1", ch: make(chan mcp.JSONRPCNotification, 1)}
	if err := s.RegisterSession(ctx, session); err != nil {
		t.Fatal(err)
	}
	if _, ok := h.Metric(semconv.MCPServerSessionDurationName); ok {
		t.Error("recorded before the session ended")
	}
	s.UnregisterSession(ctx, session.id)
	s.UnregisterSession(ctx, session.id)
	m, ok := h.Metric(semconv.MCPServerSessionDurationName)
	if !ok {
		t.Fatal("no session duration recorded")
	}
	if p := m.Data.(metricdata.Histogram[float64]).DataPoints; len(p) != 1 || p[0].Count != 1 {
		t.Errorf("points %+v, want one session", p)
	}
	otelmcpgo.AddSessionHooks(nil) // ignored
}
