package otelmcp_test

import (
	"context"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	otelmcp "github.com/otelagent/otelagent-go/adapters/mcp"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// Every request either side handles is timed on the MCP operation metrics:
// its method, and for tools/call the tool and its outcome; a tool name the
// server does not know stays off the metric.
func TestOperationDurations(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcp.Option{otelmcp.WithTelemetry(h.Telemetry())}
	cs := connect(t, newServer(opts, make(chan trace.SpanContext, 2)), opts...)
	ctx := context.Background()
	if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "echo", Arguments: echoIn{Text: canaryArgument}}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "fail", Arguments: echoIn{Text: canaryArgument}}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "made-up-" + canaryArgument[:8]}); err == nil {
		t.Fatal("calling an unknown tool succeeded")
	}
	if _, err := cs.ListTools(ctx, nil); err != nil {
		t.Fatal(err)
	}

	for _, name := range []string{semconv.MCPClientOperationDurationName, semconv.MCPServerOperationDurationName} {
		t.Run(name, func(t *testing.T) {
			m, ok := h.Metric(name)
			if !ok {
				t.Fatalf("%s not recorded", name)
			}
			type key struct{ method, tool, errType string }
			got := map[key]uint64{}
			for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
				v := func(k attribute.Key) string { s, _ := p.Attributes.Value(k); return s.AsString() }
				got[key{v(semconv.MCPMethodNameKey), v(semconv.GenAIToolNameKey), v(semconv.ErrorTypeKey)}] += p.Count
			}
			for k := range got {
				if strings.Contains(k.tool, "made-up") {
					t.Errorf("a tool name the server does not know reached %s: %v", name, got)
				}
				if k.method == "_OTHER" {
					t.Errorf("a method the SDK sends was recorded as _OTHER: %v", got)
				}
			}
			for _, want := range []key{
				{"tools/list", "", ""},
				{"tools/call", "echo", ""},
				{"tools/call", "fail", "tool_error"},
				{"tools/call", "", "-32602"}, // the unknown tool, nameless
			} {
				if got[want] != 1 {
					t.Errorf("%+v recorded %d times, want once; all: %v", want, got[want], got)
				}
			}
		})
	}
	// Arguments never leave. (The made-up tool name does, on the server's
	// execute_tool span and gen_ai.execute_tool.duration: see README.)
	h.AssertNotExported(canaryArgument)
}
